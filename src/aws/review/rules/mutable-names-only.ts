import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT106`: a way in trusts mutable names only although the issuer offers immutable IDs.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const mutableNamesOnly = findingRule(LintRuleIds.MUTABLE_NAMES_ONLY, linted);
