import { findingRule } from './nag-rule';
import { ReviewRuleIds } from '../../../review/rules/rule-ids';

/**
 * `WorkloadTrust-WT205`: the trust policy is near or over the default size quota; applies to
 * every role whose policy size the review could measure.
 */
export const trustPolicyNearQuota = findingRule(ReviewRuleIds.TRUST_POLICY_NEAR_QUOTA, (entry) => entry.trustPolicySize !== undefined);
