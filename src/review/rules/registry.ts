import { forAllValuesInAllow } from './for-all-values-in-allow';
import { missingAudienceCheck } from './missing-audience-check';
import { poolWideBinding } from './pool-wide-binding';
import { providerWithoutCondition } from './provider-without-condition';
import { ReviewRuleDefinition } from './review-rule';
import { trustPolicyNearQuota } from './trust-policy-near-quota';
import { unparsedTrust } from './unparsed-trust';
import { LintRuleInfo } from '../../core/lint/lint-rule';

/** Every review rule, in ID order. */
export const REVIEW_RULES: readonly ReviewRuleDefinition[] = [
  forAllValuesInAllow,
  missingAudienceCheck,
  providerWithoutCondition,
  poolWideBinding,
  trustPolicyNearQuota,
  unparsedTrust,
];

/**
 * The review rules' metadata (`WT2xx`), for documentation and tooling. The review also applies
 * every core lint rule (`WT1xx`, see `LintRules`) to the rules it reads back.
 */
export class ReviewRules {
  /** Every review rule: ID, severity, title, explanation and fix. */
  public static all(): LintRuleInfo[] {
    return REVIEW_RULES.map(({ id, severity, title, explanation, fix }) => ({ id, severity, title, explanation, fix }));
  }

  /** The review rules as a Markdown table, in the same shape as `LintRules.markdownTable()`. */
  public static markdownTable(): string {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return [
      '| ID | Severity | What it catches | How to fix |',
      '| --- | --- | --- | --- |',
      ...REVIEW_RULES.map((r) => `| ${r.id} | ${r.severity} | **${esc(r.title)}.** ${esc(r.explanation)} | ${esc(r.fix)} |`),
    ].join('\n');
  }

  private constructor() {}
}
