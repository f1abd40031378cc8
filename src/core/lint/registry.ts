import { LintRuleDefinition, LintRuleInfo } from './lint-rule';
import { longSession } from './rules/long-session';
import { matchesEverything } from './rules/matches-everything';
import { mutableNamesOnly } from './rules/mutable-names-only';
import { noSubjectRestriction } from './rules/no-subject-restriction';
import { pullRequestReachable } from './rules/pull-request-reachable';
import { tenantWide } from './rules/tenant-wide';
import { wildcardCrossesTenant } from './rules/wildcard-crosses-tenant';

/** Every lint rule, in ID order. */
export const LINT_RULES: readonly LintRuleDefinition[] = [
  noSubjectRestriction,
  wildcardCrossesTenant,
  matchesEverything,
  pullRequestReachable,
  longSession,
  mutableNamesOnly,
  tenantWide,
];

/** The lint rules' metadata, for documentation and tooling. */
export class LintRules {
  /** Every rule: ID, severity, title, explanation and fix. */
  public static all(): LintRuleInfo[] {
    return LINT_RULES.map(({ id, severity, title, explanation, fix }) => ({ id, severity, title, explanation, fix }));
  }

  /** The rules as a Markdown table (the README's lint table is this text). */
  public static markdownTable(): string {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return [
      '| ID | Severity | What it catches | How to fix |',
      '| --- | --- | --- | --- |',
      ...LINT_RULES.map((r) => `| ${r.id} | ${r.severity} | **${esc(r.title)}.** ${esc(r.explanation)} | ${esc(r.fix)} |`),
    ].join('\n');
  }

  private constructor() {}
}
