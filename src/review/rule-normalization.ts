import { TrustRule } from '../core/trust-rule';
import { normalConditions } from './private/normal-form';
import { compareText } from './private/text';

/**
 * A normal form for rules, so that rules read back from a cloud and rules declared in code can be
 * compared as text. Normalizing never changes which tokens a rule admits:
 *
 * - the conditions on one claim are merged: `like` conditions whose patterns are all literal are
 *   `equals` conditions; `equals` conditions on one claim keep the values they all share and that
 *   every `like` condition on the claim matches, as one `equals` condition;
 * - `like` conditions keep their patterns in {@link Glob.toString} form, sorted and deduplicated
 *   (identical conditions collapse);
 * - values are sorted, conditions are sorted by claim, operator and values;
 * - descriptions and acknowledgements are dropped (they do not change what a rule admits).
 *
 * A rule whose conditions no value can satisfy has no normal form: it admits nothing.
 *
 * @example
 * RuleNormalization.key(TrustRule.allOf(ClaimCondition.like('ref', 'refs/heads/main'), ClaimCondition.equals('sub', 'b', 'a')));
 * // 'ref equals "refs/heads/main" AND sub equals one of ["a", "b"]'
 */
export class RuleNormalization {
  /**
   * The rule in normal form.
   * @returns the normalized rule, or undefined when the rule can never hold
   */
  public static normalize(rule: TrustRule): TrustRule | undefined {
    const conditions = normalConditions(rule.conditions);
    return conditions ? TrustRule.allOf(...conditions) : undefined;
  }

  /**
   * The rules in normal form: each normalized, those that can never hold dropped, duplicates
   * removed, sorted by {@link RuleNormalization.key}.
   */
  public static normalizeAll(rules: TrustRule[]): TrustRule[] {
    const byKey = new Map<string, TrustRule>();
    for (const r of rules) {
      const n = RuleNormalization.normalize(r);
      if (n) byKey.set(RuleNormalization.key(n), n);
    }
    return [...byKey.keys()].sort(compareText).map((k) => byKey.get(k)!);
  }

  /**
   * The normalized rule as one line of text: equal keys mean equal rules. A rule that can never
   * hold has the key `never`.
   */
  public static key(rule: TrustRule): string {
    const conditions = normalConditions(rule.conditions);
    return conditions ? conditions.map((c) => c.toString()).join(' AND ') : 'never';
  }

  private constructor() {}
}
