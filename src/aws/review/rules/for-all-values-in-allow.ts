import { findingRule } from './nag-rule';
import { ReviewRuleIds } from '../../../review/rules/rule-ids';

/**
 * `WorkloadTrust-WT201`: `ForAllValues:` in an Allow statement of web identity trust, which also
 * holds when the claim is missing.
 */
export const forAllValuesInAllow = findingRule(ReviewRuleIds.FOR_ALL_VALUES_IN_ALLOW, (entry) => entry.federated);
