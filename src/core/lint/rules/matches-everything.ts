import { GlobSegmentKind } from '../../glob';
import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT103: `like(claim, '*')` restricts nothing but the claim's presence. */
export const matchesEverything: LintRuleDefinition = {
  id: LintRuleIds.MATCHES_EVERYTHING,
  severity: Severity.ERROR,
  title: 'Condition matches everything',
  explanation: 'A pattern made of wildcards only (`*`, `?*`) accepts every value of the claim; the condition looks like a restriction but is none.',
  fix: 'Remove the condition, or write the part of the value that identifies the workload literally.',
  check: ({ rules }) => {
    const findings: RawFinding[] = [];
    rules.forEach((rule, i) => {
      for (const c of rule.conditions) {
        for (const g of c.globs) {
          if (!g.isWildcardOnly || !g.segments.some((s) => s.kind === GlobSegmentKind.ANY_RUN)) continue;
          findings.push({
            ruleIndex: i,
            claim: c.claim,
            message: `${ruleLabel(rule, i)}: the pattern ${JSON.stringify(g.toString())} on ${c.claim} matches every value.`,
          });
        }
      }
    });
    return findings;
  },
};
