import { GlobSegmentKind } from '../../glob';
import { Severity } from '../finding';
import { LintRuleDefinition, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT103: `like(claim, '*')` restricts nothing but the claim's presence. */
export const matchesEverything: LintRuleDefinition = {
  id: LintRuleIds.MATCHES_EVERYTHING,
  severity: Severity.ERROR,
  title: 'Condition matches everything',
  explanation: 'A pattern made of wildcards only (`*`, `?*`) accepts every value of the claim; the condition looks like a restriction but is none.',
  fix: 'Remove the condition, or write the part of the value that identifies the workload literally.',
  check: ({ rules }) => rules.flatMap((rule, i) => rule.conditions.flatMap((c) =>
    c.globs.filter((g) => g.isWildcardOnly && g.segments.some((s) => s.kind === GlobSegmentKind.ANY_RUN)).map((g) => ({
      ruleIndex: i,
      claim: c.claim,
      message: `${ruleLabel(rule, i)}: the pattern ${JSON.stringify(g.toString())} on ${c.claim} matches every value.`,
    })))),
};
