import { ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';
import { Severity } from '../../core/lint/finding';

/** The default role trust policy quota (Service Quotas L-C07B4B0D). */
export const DEFAULT_TRUST_POLICY_QUOTA = 2048;
/** Warn above this share of the quota. */
const NEAR = 0.9;

/** WT205: the next rule added to a role near the quota fails the deployment. */
export const trustPolicyNearQuota: ReviewRuleDefinition = {
  id: ReviewRuleIds.TRUST_POLICY_NEAR_QUOTA,
  severity: Severity.WARNING,
  title: 'Trust policy near the size quota',
  explanation: `IAM refuses role trust policies over the account quota (${DEFAULT_TRUST_POLICY_QUOTA} characters by default, up to 4,096 auto-approved); a policy above ${NEAR * 100}% of the default leaves no room for the next rule and fails in accounts that did not raise the quota.`,
  fix: 'Split the rules over several roles, shorten patterns, or raise quota L-C07B4B0D in every target account.',
  checkEntry: (entry) => entry.trustPolicySize !== undefined && entry.trustPolicySize > NEAR * DEFAULT_TRUST_POLICY_QUOTA ? [{
    message: `The trust policy of ${entry.identity.name} has about ${entry.trustPolicySize} characters (minified), ${Math.round((entry.trustPolicySize / DEFAULT_TRUST_POLICY_QUOTA) * 100)}% of the default quota of ${DEFAULT_TRUST_POLICY_QUOTA}.`,
    source: entry.source,
  }] : [],
};
