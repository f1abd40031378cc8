import { findingRule, linted } from './nag-rule';
import { LintRuleIds } from '../../../core/lint/rule-ids';

/**
 * `WorkloadTrust-WT101`: a way in restricts neither the subject nor an immutable identity claim.
 * The core lint rule, applied to the rules read back from the role's trust policy; not
 * applicable to roles without web identity trust from a known issuer.
 */
export const noSubjectRestriction = findingRule(LintRuleIds.NO_SUBJECT_RESTRICTION, linted);
