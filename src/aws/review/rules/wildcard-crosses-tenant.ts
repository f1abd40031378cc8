import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT102`: a wildcard can cross the tenant (owner, organisation, namespace) boundary.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const wildcardCrossesTenant = findingRule(LintRuleIds.WILDCARD_CROSSES_TENANT, linted);
