import { trustError, TrustError } from '../../core/errors';

/**
 * Why a review testing helper refused its input. Each code is stable. A helper never answers
 * "no" for input it could not judge: a negative assertion on a misspelt identity must fail, not
 * pass.
 */
export enum TrustTestingErrorCode {
  /** The identity named in the options is not in the reviewed trust. */
  UNKNOWN_IDENTITY = 'ReviewTestingUnknownIdentity',
  /** The input is neither a trust report, a CloudFormation template nor Terraform JSON configuration. */
  UNKNOWN_INPUT = 'ReviewTestingUnknownInput',
}

/** A {@link TrustError} with a testing code: what is wrong, and the fix. */
export function testingError(code: TrustTestingErrorCode, problem: string, fix: string): TrustError {
  return trustError(code, problem, fix);
}
