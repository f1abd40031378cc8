import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT106: a deleted repository's name can be registered again by someone else. */
export const mutableNamesOnly: LintRuleDefinition = {
  id: LintRuleIds.MUTABLE_NAMES_ONLY,
  severity: Severity.WARNING,
  title: 'Trust on mutable names only',
  explanation: 'Names of owners, repositories and projects can be renamed, deleted and registered again by someone else, who then inherits the trust. The issuer offers immutable IDs that do not move with the name.',
  fix: 'Pin the immutable IDs, e.g. `github.repository("acme/app").pinned({ repositoryId: "123", ownerId: "456" })`.',
  check: ({ issuer, rules }) => {
    const findings: RawFinding[] = [];
    if (issuer.immutableClaims.length === 0) return findings;
    rules.forEach((rule, i) => {
      if (rule.conditions.some((c) => issuer.pinsImmutableIdentity(c))) return;
      findings.push({
        ruleIndex: i,
        message: `${ruleLabel(rule, i)} trusts names only; ${issuer.displayName} also offers ${issuer.immutableClaims.join(', ')}.`,
      });
    });
    return findings;
  },
};
