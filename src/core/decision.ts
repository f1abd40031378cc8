import { RuleOutcome, TrustRule } from './trust-rule';

/** What a policy decided for one token, and why. */
export interface TrustDecision {
  /** Whether the token is admitted. */
  readonly allowed: boolean;
  /** Why, for people: the audience or issuer problem, the matching rule, or each rule's first failing condition. */
  readonly reason: string;
  /**
   * The first rule that holds.
   * @default - none (denied)
   */
  readonly matchedRule?: TrustRule;
  /**
   * The position of the first rule that holds.
   * @default - none (denied)
   */
  readonly matchedRuleIndex?: number;
  /** The outcome of every rule, in order (empty when the token was refused before the rules). */
  readonly ruleOutcomes: RuleOutcome[];
}

/** Context for {@link TrustPolicy.evaluate}. */
export interface EvaluationOptions {
  /**
   * The target cloud's default audiences, for policies that admit them (`sts.amazonaws.com` on AWS,
   * `//iam.googleapis.com/projects/NUM/locations/global/workloadIdentityPools/POOL/providers/PROV`
   * with or without an `https:` prefix on Google Cloud).
   * @default - none: the target default audience then admits no token
   */
  readonly targetDefaultAudiences?: string[];
}
