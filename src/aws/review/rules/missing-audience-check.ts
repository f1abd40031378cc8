import { findingRule } from './nag-rule';
import { ReviewRuleIds } from '../../../review/rules/rule-ids';

/**
 * `WorkloadTrust-WT202`: a web identity statement without an `aud` condition, which accepts
 * every client ID registered on the IAM OIDC provider.
 */
export const missingAudienceCheck = findingRule(ReviewRuleIds.MISSING_AUDIENCE_CHECK, (entry) => entry.federated);
