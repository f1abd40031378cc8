import { BoundaryScope } from '../../issuer';
import { Severity } from '../finding';
import { LintRuleDefinition, RawFinding, ruleLabel } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';
import { boundariesOf, crosses } from './boundary';

/** WT102: `repo:acme*` also admits `acme-evil/anything`. */
export const wildcardCrossesTenant: LintRuleDefinition = {
  id: LintRuleIds.WILDCARD_CROSSES_TENANT,
  severity: Severity.ERROR,
  title: 'Wildcard crosses the tenant boundary',
  explanation: 'A wildcard before the end of the owner, organisation or namespace (`repo:acme*`, `acme*/app`) also matches other tenants whose names share the prefix, such as `acme-evil`.',
  fix: 'Write the owner or namespace literally and end it with its delimiter before any wildcard (`repo:acme/app:ref:refs/heads/*`), or pin the immutable owner ID.',
  check: ({ issuer, rules }) => {
    const findings: RawFinding[] = [];
    rules.forEach((rule, i) => {
      for (const c of rule.conditions) {
        // Only a wildcard can cross a boundary: conditions of literal values (most) are skipped first.
        if (c.globs.every((g) => g.isLiteral)) continue;
        for (const b of boundariesOf(issuer, c, BoundaryScope.TENANT)) {
          for (const g of c.globs) {
            if (!crosses(g, b)) continue;
            findings.push({
              ruleIndex: i,
              claim: c.claim,
              message: `${ruleLabel(rule, i)}: the pattern ${JSON.stringify(g.toString())} on ${c.claim} has a wildcard before the ${b.namespace} ends${b.delimiter ? ` (at the ${ordinal(b.occurrences ?? 1)} ${JSON.stringify(b.delimiter)})` : ''}, so it admits other ${b.namespace}s whose names share the prefix.`,
            });
          }
        }
      }
    });
    return findings;
  },
};

function ordinal(n: number): string {
  return n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`;
}
