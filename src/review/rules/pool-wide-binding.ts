import { ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';
import { Severity } from '../../core/lint/finding';

/** WT204: `principalSet://…/workloadIdentityPools/POOL/*` binds every identity of every provider of the pool. */
export const poolWideBinding: ReviewRuleDefinition = {
  id: ReviewRuleIds.POOL_WIDE_BINDING,
  severity: Severity.ERROR,
  title: 'Binding of a whole pool',
  explanation: 'A binding of `principalSet://iam.googleapis.com/…/workloadIdentityPools/POOL/*` grants the role to every token any provider of the pool accepts, now and after providers are added; the provider conditions are then the only restriction.',
  fix: 'Bind the principalSet of an attribute that names the workload (`…/attribute.repository_id/123456`), or declare the grant with workload-trust, which binds a per-grant attribute.',
  checkEntry: (entry) => entry.identity.member !== undefined && /^principalSet:\/\/.*\/\*$/.test(entry.identity.member) ? [{
    message: `${entry.identity.name} is granted to ${entry.identity.member}: every identity of the pool${entry.issuerUrl ? `, through this provider every token of ${entry.issuerUrl} the condition admits` : ''}.`,
    source: entry.source,
  }] : [],
};
