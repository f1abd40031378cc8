import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT103`: a condition matches every value (`*`).
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const matchesEverything = findingRule(LintRuleIds.MATCHES_EVERYTHING, linted);
