import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT107`: a wildcard admits every workload of a tenant.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const tenantWide = findingRule(LintRuleIds.TENANT_WIDE, linted);
