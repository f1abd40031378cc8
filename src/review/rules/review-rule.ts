import { LintRuleInfo } from '../../core/lint/lint-rule';
import { ReviewedProvider } from '../reviewed-provider';
import { SourceLocation } from '../source-location';
import { TrustEntry } from '../trust-entry';

/** One problem a review rule found, before the rule's metadata is applied. */
export interface RawReviewFinding {
  readonly message: string;
  readonly source: SourceLocation;
  readonly ruleIndex?: number;
  readonly claim?: string;
}

/** A review rule: metadata plus pure checks of what the review read. */
export interface ReviewRuleDefinition extends LintRuleInfo {
  /** Findings about one entry. */
  checkEntry(entry: TrustEntry): RawReviewFinding[];
  /** Findings about a Google provider that no entry goes through (so no entry carries them). */
  checkUnusedProvider?(provider: ReviewedProvider): RawReviewFinding[];
}
