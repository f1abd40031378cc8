import { IIssuer } from '../issuer';
import { SessionLifetime } from '../session-lifetime';
import { TrustRule } from '../trust-rule';
import { Severity } from './finding';

/** A lint rule's metadata: what the README table and reports show. */
export interface LintRuleInfo {
  /** The stable ID, e.g. `WT101`. */
  readonly id: string;
  /** The severity of its findings. */
  readonly severity: Severity;
  /** A short title. */
  readonly title: string;
  /** What the rule catches and why it matters. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
}

/** What a lint rule looks at: the cloud-neutral declaration. */
export interface LintSubject {
  readonly issuer: IIssuer;
  readonly rules: TrustRule[];
  readonly maxSession: SessionLifetime;
}

/** One problem a rule found, before severity and acknowledgements are applied. */
export interface RawFinding {
  readonly message: string;
  readonly ruleIndex?: number;
  readonly claim?: string;
}

/** A lint rule: metadata plus a pure check. */
export interface LintRuleDefinition extends LintRuleInfo {
  check(subject: LintSubject): RawFinding[];
}

/** Quotes a rule for messages: its position and description. */
export function ruleLabel(rule: TrustRule, index: number): string {
  return `rule ${index + 1} (${rule.describe()})`;
}
