import { ClaimCondition } from '../../claim-condition';
import { BoundaryScope, IIssuer } from '../../issuer';
import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';
import { boundariesOf, crosses } from './boundary';

/** WT107: `repo:acme/*` admits every repository of acme, including ones created tomorrow. */
export const tenantWide: LintRuleDefinition = {
  id: LintRuleIds.TENANT_WIDE,
  severity: Severity.ERROR,
  title: 'Every workload of a tenant can get in',
  explanation: 'A rule that pins no single workload (repository, project, workspace, service account) admits every workload of the tenant, including ones created later by anyone with access to create them.',
  fix: 'Name the workload (`github.repository("acme/app")`); if the whole organisation must get in, use the explicit builder (`github.organization("acme").allRepositories()`) or acknowledge WT107 with a reason.',
  check: ({ issuer, rules }) => {
    const findings: RawFinding[] = [];
    if (issuer.workloadClaims.length === 0) return findings;
    rules.forEach((rule, i) => {
      if (rule.conditions.some((c) => pinsWorkload(issuer, c))) return;
      findings.push({
        ruleIndex: i,
        message: `${ruleLabel(rule, i)} pins no single workload: none of ${issuer.workloadClaims.join(', ')} is fixed up to the workload name.`,
      });
    });
    return findings;
  },
};

function pinsWorkload(issuer: IIssuer, c: ClaimCondition): boolean {
  if (!issuer.workloadClaims.includes(c.claim)) return false;
  // Without a declared workload boundary the whole value names the workload: only a literal pins it.
  const boundaries = boundariesOf(issuer, c, BoundaryScope.WORKLOAD);
  return c.globs.every((g) => g.isLiteral || (boundaries.length > 0 && boundaries.every((b) => !crosses(g, b))));
}
