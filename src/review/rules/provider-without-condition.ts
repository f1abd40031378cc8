import { TargetCloud } from '../../core/issuer';
import { Severity } from '../../core/lint/finding';
import { ReviewedProvider } from '../reviewed-provider';
import { RawReviewFinding, ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';

/** WT203: without a condition every token of the issuer enters the pool; only bindings stand in the way. */
export const providerWithoutCondition: ReviewRuleDefinition = {
  id: ReviewRuleIds.PROVIDER_WITHOUT_CONDITION,
  severity: Severity.ERROR,
  title: 'Google provider without attribute condition',
  explanation: 'A workload identity provider without `attribute_condition` lets every token of the issuer (on a shared issuer such as GitHub: anyone\'s) exchange into the pool; one binding on a broad attribute, or on the whole pool, then admits other people\'s workloads. Google requires a condition for shared issuers on new providers.',
  fix: 'Set `attribute_condition` to the claims that identify your tenant, e.g. `assertion.repository_owner_id == "123456"`, or declare the trust with workload-trust, which derives the condition from the grants.',
  checkEntry: (entry) => entry.cloud === TargetCloud.GOOGLE_CLOUD && entry.provider?.hasAttributeCondition === false ? check(entry.provider) : [],
  checkUnusedProvider: (provider) => provider.hasAttributeCondition === false ? check(provider) : [],
};

function check(provider: ReviewedProvider): RawReviewFinding[] {
  if (!provider.source) return [];
  return [{
    message: `The provider ${provider.address ?? provider.providerId ?? '(unknown)'} for ${provider.issuerUrl ?? 'an unknown issuer'} has no attribute condition, so every token of the issuer enters pool ${provider.poolId ?? '(unknown)'}.`,
    source: provider.source,
  }];
}
