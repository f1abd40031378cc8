import { TerraformStack } from 'cdktf';
import { gcpReviewError, GcpReviewErrorCode } from './errors';
import { addressOf, configFile, synthesizedConfig } from './private/stack-config';
import { constructAt } from '../../review/private/construct-path';
import { AllowsTokenOptions, TrustAssertionResult, TrustSnapshotOptions } from '../../review/testing/trust-assertion-result';
import { allowsTokenIn, selectEntries, TrustAssertions } from '../../review/testing/trust-assertions';
import { TrustSnapshot } from '../../review/testing/trust-snapshot';
import { TrustEntry } from '../../review/trust-entry';
import { TrustReport } from '../../review/trust-report';
import { TrustReview } from '../../review/trust-review';

/**
 * The review's testing helpers for a cdktf `TerraformStack`: the stack is synthesized with
 * cdktf's `Testing.synth` (aspects apply; no terraform binary needed) and its configuration
 * reviewed. Framework-neutral; the jest matchers in `workload-trust/lib/jest` use it.
 *
 * @example
 * declare const stack: TerraformStack;
 * const result = gcpReview.TerraformStackTrust.allowsToken(stack, {
 *   sub: 'repo:acme/app:environment:prod',
 *   repository_id: '123456',
 *   repository_owner_id: '789',
 * }, { identity: 'deployer@my-proj.iam.gserviceaccount.com' });
 * if (!result.pass) throw new Error(result.message);
 */
export class TerraformStackTrust {
  /** The stack's synthesized Terraform JSON configuration (without cdktf metadata). */
  public static config(stack: TerraformStack): any {
    return synthesizedConfig(stack);
  }

  /** The review of the stack's synthesized configuration. */
  public static report(stack: TerraformStack): TrustReport {
    return TrustReview.terraform(synthesizedConfig(stack), configFile(stack));
  }

  /** The trust snapshot text of the stack (see `review.TrustSnapshot`). */
  public static snapshot(stack: TerraformStack, options: TrustSnapshotOptions = {}): string {
    return TrustSnapshot.ofReport(TerraformStackTrust.report(stack), options);
  }

  /** Whether the stack's trust snapshot text is the expected text. */
  public static matchesSnapshot(stack: TerraformStack, expected: string, options: TrustSnapshotOptions = {}): TrustAssertionResult {
    return TrustAssertions.matchesSnapshot(TerraformStackTrust.report(stack), expected, options);
  }

  /**
   * Whether the stack's trust admits a token with these claims (see
   * `review.TrustAssertions.allowsToken`); the audience defaults to the provider's resource name.
   * `options.identity` may also be a construct path in the stack (`Ci/GitHub`): the bindings
   * declared under it.
   */
  public static allowsToken(stack: TerraformStack, claims: { [claim: string]: any }, options: AllowsTokenOptions = {}): TrustAssertionResult {
    const report = TerraformStackTrust.report(stack);
    return allowsTokenIn(report, claims, options, entriesOf(stack, report, options.identity));
  }

  private constructor() {}
}

/** The entries of the identity, read as a construct path first, then as a name. */
function entriesOf(stack: TerraformStack, report: TrustReport, identity: string | undefined): TrustEntry[] {
  if (identity === undefined) return report.entries;
  const construct = constructAt(stack, identity);
  if (construct === undefined) return selectEntries(report, identity);
  const addresses = new Set(construct.node.findAll().map(addressOf).filter((a): a is string => a !== undefined));
  const found = report.entries.filter((e) => addresses.has(e.identity.address));
  if (found.length === 0) {
    throw gcpReviewError(GcpReviewErrorCode.NOT_A_BINDING, `${construct.node.path} holds no IAM binding of a workload identity pool principal that the review reports.`,
      'name the construct of the grant or provider, or the identity by its service account, Terraform address or member.');
  }
  return found;
}
