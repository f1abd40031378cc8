import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT104`: a way in admits tokens of pull-request workflows, which can run code from forks.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const pullRequestReachable = findingRule(LintRuleIds.PULL_REQUEST_REACHABLE, linted);
