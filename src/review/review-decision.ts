/** What reviewed trust decides for one token, and how sure the review is. */
export interface ReviewDecision {
  /** Whether the token gets in through an exactly understood way in. */
  readonly allowed: boolean;
  /**
   * Whether the answer is certain. False when the token is refused by the understood parts, but a
   * way in that the review did not fully understand might admit it (read the unparsed fragments).
   */
  readonly certain: boolean;
  /** Why, for people. */
  readonly reason: string;
  /**
   * The index of the rule that admits the token.
   * @default - none (refused, or undecided)
   */
  readonly matchedRuleIndex?: number;
}
