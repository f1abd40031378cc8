import { show, trustError, TrustErrorCode } from '../errors';
import { Acknowledgement, Finding, Severity } from './finding';
import { LintRuleDefinition, LintSubject, RawFinding } from './lint-rule';
import { LINT_RULES } from './registry';

/**
 * Runs every lint rule. A finding is acknowledged when the policy acknowledges its ID, or the rule
 * it is about does.
 */
export function lint(subject: LintSubject, policyAcknowledgements: Acknowledgement[]): Finding[] {
  const findings: Finding[] = [];
  for (const def of LINT_RULES) {
    for (const raw of def.check(subject)) findings.push(findingOf(def, raw, subject, policyAcknowledgements));
  }
  return findings;
}

/** A rule's raw finding with the rule's metadata and the acknowledgement that covers it, if any. */
export function findingOf(def: LintRuleDefinition, raw: RawFinding, subject: LintSubject, policyAcknowledgements: Acknowledgement[]): Finding {
  const ruleAcks = raw.ruleIndex === undefined ? [] : subject.rules[raw.ruleIndex]?.acknowledgements ?? [];
  const ack = [...ruleAcks, ...policyAcknowledgements].find((a) => a.findingId === def.id);
  return {
    id: def.id,
    severity: def.severity,
    title: def.title,
    message: raw.message,
    fix: def.fix,
    ruleIndex: raw.ruleIndex,
    claim: raw.claim,
    acknowledgedBecause: ack?.reason,
  };
}

/** Throws when an error-level finding is not acknowledged: secure by default, loud opt-in. */
export function requireAcknowledged(findings: Finding[], issuerUrl: string): void {
  const open = findings.filter((f) => f.severity === Severity.ERROR && f.acknowledgedBecause === undefined);
  if (open.length === 0) return;
  const lines = open.map((f) => `  ${f.id} ${f.title}: ${f.message} Fix: ${f.fix}`);
  throw trustError(
    TrustErrorCode.UNACKNOWLEDGED_FINDINGS,
    `The trust policy for ${show(issuerUrl)} has ${open.length} error-level lint finding(s):\n${lines.join('\n')}\n`,
    `change the rules as each finding says, or, if the trust is intended, acknowledge the finding with a reason: rule.acknowledge('${open[0].id}', 'why this is safe') or acknowledgements: [{ findingId: '${open[0].id}', reason: '...' }].`,
  );
}
