import { Glob } from '../../glob';
import { Severity } from '../finding';
import { LintRuleDefinition, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT104: a pull-request token (possibly running fork code) satisfies every condition of the rule. */
export const pullRequestReachable: LintRuleDefinition = {
  id: LintRuleIds.PULL_REQUEST_REACHABLE,
  severity: Severity.ERROR,
  title: 'Pull requests can get in',
  explanation: 'A rule that a pull-request token satisfies lets code proposed in a pull request (from a fork, on some setups) obtain the identity before review.',
  fix: 'Restrict the rule to branches, tags or environments (`onBranch`, `onEnvironment`); if pull requests must get in (e.g. a read-only plan role), use the explicit builder (`onPullRequest()`) or acknowledge WT104 with a reason.',
  check: ({ issuer, rules }) => {
    const indicators = issuer.pullRequestIndicators.map((p) => ({ claim: p.claim, glob: Glob.pattern(p.pattern), pattern: p.pattern, excludes: p.wildcardExcludes ?? '' }));
    if (indicators.length === 0) return [];
    return rules.flatMap((rule, i) => {
      const reachable = indicators.every((ind) => rule.conditionsOn(ind.claim).every((c) => c.globs.some((g) => g.overlaps(ind.glob, ind.excludes))));
      return reachable ? [{
        ruleIndex: i,
        message: `${ruleLabel(rule, i)} admits pull-request tokens (${indicators.map((x) => `${x.claim} like ${JSON.stringify(x.pattern)}`).join(', ')}).`,
      }] : [];
    });
  },
};
