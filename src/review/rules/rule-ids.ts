/**
 * The stable IDs of the review rules: findings about templates that the core lint (`WT1xx`, see
 * `LintRuleIds`) cannot see in a declaration. An ID is never derived from a file name and never
 * reused.
 */
export class ReviewRuleIds {
  /** `ForAllValues:` in an Allow statement: it also holds when the claim is missing. */
  public static readonly FOR_ALL_VALUES_IN_ALLOW = 'WT201';
  /** An AWS trust statement without an audience (`aud`) condition. */
  public static readonly MISSING_AUDIENCE_CHECK = 'WT202';
  /** A Google workload identity provider without an attribute condition. */
  public static readonly PROVIDER_WITHOUT_CONDITION = 'WT203';
  /** A Google binding of every identity of a pool (`principalSet://…/*`). */
  public static readonly POOL_WIDE_BINDING = 'WT204';
  /** An AWS trust policy near or over the default size quota. */
  public static readonly TRUST_POLICY_NEAR_QUOTA = 'WT205';
  /** Part of a trust the review could not understand. */
  public static readonly UNPARSED_TRUST = 'WT206';

  private constructor() {}
}
