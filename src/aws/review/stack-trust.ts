import { Stack } from 'aws-cdk-lib';
import { logicalIdOf, roleAt, synthesizedTemplate } from './private/stack-template';
import { TargetCloud } from '../../core/issuer';
import { AllowsTokenOptions, TrustAssertionResult, TrustSnapshotOptions } from '../../review/testing/trust-assertion-result';
import { allowsTokenIn, selectEntries, TrustAssertions } from '../../review/testing/trust-assertions';
import { TrustSnapshot } from '../../review/testing/trust-snapshot';
import { TrustEntry } from '../../review/trust-entry';
import { TrustReport } from '../../review/trust-report';
import { TrustReview } from '../../review/trust-review';

/**
 * The review's testing helpers for an aws-cdk-lib `Stack`: the stack's app is synthesized (on
 * every call, so later changes count; aspects, validations and cross-stack references apply),
 * and the stack's template reviewed. Framework-neutral; the jest matchers in
 * `workload-trust/lib/jest` use it.
 *
 * @example
 * declare const stack: Stack;
 * const result = awsReview.StackTrust.allowsToken(stack, {
 *   sub: 'repo:acme/app:environment:prod',
 *   repository_id: '123456',
 *   repository_owner_id: '789',
 * }, { identity: 'Deploy' });
 * if (!result.pass) throw new Error(result.message);
 */
export class StackTrust {
  /** The stack's synthesized CloudFormation template. */
  public static template(stack: Stack): any {
    return synthesizedTemplate(stack);
  }

  /** The review of the stack's synthesized template. */
  public static report(stack: Stack): TrustReport {
    return TrustReview.cloudFormation(synthesizedTemplate(stack), stack.templateFile);
  }

  /** The trust snapshot text of the stack (see `review.TrustSnapshot`). */
  public static snapshot(stack: Stack, options: TrustSnapshotOptions = {}): string {
    return TrustSnapshot.ofReport(StackTrust.report(stack), options);
  }

  /** Whether the stack's trust snapshot text is the expected text. */
  public static matchesSnapshot(stack: Stack, expected: string, options: TrustSnapshotOptions = {}): TrustAssertionResult {
    return TrustAssertions.matchesSnapshot(StackTrust.report(stack), expected, options);
  }

  /**
   * Whether the stack's trust admits a token with these claims (see
   * `review.TrustAssertions.allowsToken`); the audience defaults to `sts.amazonaws.com`.
   * `options.identity` may also be a construct path in the stack (`Deploy`, `Stack/Deploy`):
   * the IAM role it is or holds.
   */
  public static allowsToken(stack: Stack, claims: { [claim: string]: any }, options: AllowsTokenOptions = {}): TrustAssertionResult {
    const report = StackTrust.report(stack);
    return allowsTokenIn(report, claims, options, entriesOf(stack, report, options.identity));
  }

  private constructor() {}
}

/** The entries of the identity, read as a construct path first, then as a name. */
function entriesOf(stack: Stack, report: TrustReport, identity: string | undefined): TrustEntry[] {
  if (identity === undefined) return report.entries;
  const role = roleAt(stack, identity);
  if (role === undefined) return selectEntries(report, identity);
  const logicalId = logicalIdOf(role);
  return selectEntries(report, logicalId).filter((e) => e.cloud === TargetCloud.AWS && e.identity.address === logicalId);
}
