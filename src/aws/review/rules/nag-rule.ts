import { NagRuleCompliance } from 'cdk-nag';
import { LintRuleInfo } from '../../../core/lint/lint-rule';
import { LintRules } from '../../../core/lint/registry';
import { ReviewFinding } from '../../../review/review-finding';
import { ReviewRules } from '../../../review/rules/registry';
import { TrustEntry } from '../../../review/trust-entry';

/** What the review read for one `AWS::IAM::Role`: its entries (one per federated principal, or one for other principals). */
export interface ReviewedRole {
  /** The role's logical ID. */
  readonly logicalId: string;
  /** The role's entries in the stack's report. */
  readonly entries: TrustEntry[];
}

/** What one rule concluded for one role. */
export interface NagRuleOutcome {
  readonly compliance: NagRuleCompliance;
  /** The review's findings with the rule's ID (for the violation's description and locations). */
  readonly findings: ReviewFinding[];
}

/**
 * A rule of the `WorkloadTrustChecks` pack: one review finding ID (a core lint rule `WT1xx` or a
 * review rule `WT2xx`) checked on one role. Metadata comes from the rule registries, never from
 * here; the pack reports it as `WorkloadTrust-<id>`.
 */
export interface WorkloadTrustNagRule {
  /** The finding ID, e.g. `WT101`. */
  readonly id: string;
  /** Checks the role: a small pure function of what the review read. */
  check(role: ReviewedRole): NagRuleOutcome;
}

/**
 * A rule that is not applicable to roles without an entry `appliesTo` accepts, and otherwise
 * non-compliant exactly when the review reported a finding with the ID.
 */
export function findingRule(id: string, appliesTo: (entry: TrustEntry) => boolean): WorkloadTrustNagRule {
  ruleInfo(id); // fail at load time on an unknown ID
  return {
    id,
    check: (role) => {
      const entries = role.entries.filter(appliesTo);
      if (entries.length === 0) return { compliance: NagRuleCompliance.NOT_APPLICABLE, findings: [] };
      const findings = entries.flatMap((e) => e.findings.filter((f) => f.id === id));
      return { compliance: findings.length > 0 ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT, findings };
    },
  };
}

/** Entries the core lint judged: web identity trust from an issuer the review knows. */
export function linted(entry: TrustEntry): boolean {
  return entry.federated && entry.issuer !== undefined;
}

/** The rule's metadata from the core lint or review rule registry. */
export function ruleInfo(id: string): LintRuleInfo {
  const info = [...LintRules.all(), ...ReviewRules.all()].find((r) => r.id === id);
  if (!info) throw new Error(`No lint or review rule has the ID ${id}.`);
  return info;
}
