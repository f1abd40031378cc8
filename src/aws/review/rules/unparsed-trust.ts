import { findingRule } from './nag-rule';
import { ReviewRuleIds } from '../../../review/rules/rule-ids';

/**
 * `WorkloadTrust-WT206`: part of the role's trust could not be read back (an unknown operator, a
 * negation, an unresolved reference): applies to every role, federated or not, because an
 * unreadable trust policy may admit web identity tokens.
 */
export const unparsedTrust = findingRule(ReviewRuleIds.UNPARSED_TRUST, () => true);
