import { cachedPattern } from '../../private/pattern-cache';
import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT104: a pull-request token (possibly running fork code) satisfies every condition of the rule. */
export const pullRequestReachable: LintRuleDefinition = {
  id: LintRuleIds.PULL_REQUEST_REACHABLE,
  severity: Severity.ERROR,
  title: 'Pull requests can get in',
  explanation: 'A rule that a pull-request token satisfies lets code proposed in a pull request (from a fork, on some setups) obtain the identity before review.',
  fix: 'Restrict the rule to branches, tags or environments (`onBranch`, `onEnvironment`); if pull requests must get in (e.g. a read-only plan role), use the explicit builder (`onPullRequest()`) or acknowledge WT104 with a reason.',
  check: ({ issuer, rules }) => {
    const indicators = issuer.pullRequestIndicators;
    // Parsed up front (once per pattern text), so a bad pattern fails the check even without rules.
    for (const ind of indicators) cachedPattern(ind.pattern);
    const findings: RawFinding[] = [];
    if (indicators.length === 0) return findings;
    rules.forEach((rule, i) => {
      // Every condition on an indicator's claim must admit the indicator; other claims do not matter.
      const reachable = indicators.every((ind) => rule.conditions.every((c) => c.claim !== ind.claim
        || c.globs.some((g) => g.overlaps(cachedPattern(ind.pattern), ind.wildcardExcludes ?? ''))));
      if (reachable) {
        findings.push({
          ruleIndex: i,
          message: `${ruleLabel(rule, i)} admits pull-request tokens (${indicators.map((x) => `${x.claim} like ${JSON.stringify(x.pattern)}`).join(', ')}).`,
        });
      }
    });
    return findings;
  },
};
