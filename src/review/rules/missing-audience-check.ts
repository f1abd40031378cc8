import { ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';
import { TargetCloud } from '../../core/issuer';
import { Severity } from '../../core/lint/finding';

/** WT202: without an `aud` condition, any client ID registered on the provider gets in. */
export const missingAudienceCheck: ReviewRuleDefinition = {
  id: ReviewRuleIds.MISSING_AUDIENCE_CHECK,
  severity: Severity.WARNING,
  title: 'No audience check',
  explanation: 'A web identity trust statement without a `<issuer>:aud` condition accepts tokens minted for any client ID registered on the IAM OIDC provider, including audiences meant for other roles or tools.',
  fix: 'Add `StringEquals` on `<issuer>:aud` with the audience your workloads request (e.g. `sts.amazonaws.com`).',
  checkEntry: (entry) => {
    if (!entry.federated || entry.cloud !== TargetCloud.AWS || entry.checksAudience) return [];
    const clientIds = entry.provider?.clientIds;
    const accepted = clientIds ? `the provider's client IDs (${clientIds.map((c) => JSON.stringify(c)).join(', ')})` : 'every client ID registered on the provider';
    return [{
      message: `A way in to ${entry.identity.name} from ${entry.issuerUrl ?? entry.principal} has no aud condition, so it accepts tokens for ${accepted}.`,
      source: entry.source,
    }];
  },
};
