import { TrustErrors, TrustPolicy } from '../../src';

/** The audience AWS-bound tokens carry: the target default of the policies under test. */
export const STS = { targetDefaultAudiences: ['sts.amazonaws.com'] };

/** The code and message of the error `fn` throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: TrustErrors.codeOf(e), message: (e as Error).message };
  }
  throw new Error('expected an error');
}

/** The error code `fn` throws (or its message when it has no code); undefined when it throws nothing. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return TrustErrors.codeOf(e) ?? (e as Error).message;
  }
  return undefined;
}

/** Whether the policy admits the claims, judged with the AWS default audience. */
export function allows(policy: TrustPolicy, claims: { [k: string]: any }): boolean {
  return policy.evaluate(claims, STS).allowed;
}
