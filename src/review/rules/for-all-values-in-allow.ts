import { Severity } from '../../core/lint/finding';
import { UnparsedKind } from '../unparsed-fragment';
import { ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';

/** WT201: `ForAllValues:StringLike` on `sub` also admits tokens without `sub`, and is no AND of the values. */
export const forAllValuesInAllow: ReviewRuleDefinition = {
  id: ReviewRuleIds.FOR_ALL_VALUES_IN_ALLOW,
  severity: Severity.ERROR,
  title: 'ForAllValues in an Allow statement',
  explanation: 'A `ForAllValues:` condition holds when every value of the key matches, and also when the key is missing or empty; in an Allow statement it does not require the claim at all. Old examples used it for `sub` and `aud`; IAM documents it for multi-valued keys only.',
  fix: 'Use `StringEquals` or `StringLike` (single-valued claims), or `ForAnyValue:` for multi-valued keys such as `amr`.',
  checkEntry: (entry) => entry.unparsed.filter((f) => f.kind === UnparsedKind.FOR_ALL_VALUES).map((f) => ({
    message: `${f.raw}: ${f.reason}`,
    source: f.source,
    ruleIndex: f.ruleIndex,
  })),
};
