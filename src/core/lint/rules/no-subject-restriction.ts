import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT101: without a subject condition, any workload of the issuer (on github.com: anyone) gets in. */
export const noSubjectRestriction: LintRuleDefinition = {
  id: LintRuleIds.NO_SUBJECT_RESTRICTION,
  severity: Severity.ERROR,
  title: 'No subject restriction',
  explanation: 'A rule that restricts neither `sub` nor an immutable identity claim (repository, project, organisation ID) admits every workload the issuer signs tokens for; on a shared issuer such as github.com that is anyone.',
  fix: 'Add a condition on `sub` or on an immutable ID, e.g. use the issuer builder (`github.repository("acme/app").onBranch("main")`).',
  check: ({ issuer, rules }) => {
    const findings: RawFinding[] = [];
    rules.forEach((rule, i) => {
      const restricted = rule.conditions.some((c) => issuer.pinsImmutableIdentity(c)
        || (issuer.subjectClaims.includes(c.claim) && c.globs.some((g) => !g.isWildcardOnly)));
      if (restricted) return;
      findings.push({
        ruleIndex: i,
        message: `${ruleLabel(rule, i)} has no condition on any of ${[...new Set([...issuer.subjectClaims, ...issuer.immutableClaims])].join(', ')}, so it admits every ${issuer.sharedIssuer ? 'workload of every tenant of the shared issuer' : 'workload of the issuer'} ${issuer.url}.`,
      });
    });
    return findings;
  },
};
