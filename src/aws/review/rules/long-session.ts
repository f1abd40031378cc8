import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT105`: the maximum session is longer than one hour.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const longSession = findingRule(LintRuleIds.LONG_SESSION, linted);
