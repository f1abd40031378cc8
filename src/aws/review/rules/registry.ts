import { forAllValuesInAllow } from './for-all-values-in-allow';
import { longSession } from './long-session';
import { matchesEverything } from './matches-everything';
import { missingAudienceCheck } from './missing-audience-check';
import { mutableNamesOnly } from './mutable-names-only';
import { WorkloadTrustNagRule } from './nag-rule';
import { noSubjectRestriction } from './no-subject-restriction';
import { pullRequestReachable } from './pull-request-reachable';
import { tenantWide } from './tenant-wide';
import { trustPolicyNearQuota } from './trust-policy-near-quota';
import { unparsedTrust } from './unparsed-trust';
import { wildcardCrossesTenant } from './wildcard-crosses-tenant';

/**
 * The rules of the `WorkloadTrustChecks` pack, in ID order: every core lint rule and every
 * review rule that applies to AWS roles. (WT203 and WT204 are about Google providers and
 * bindings: the cdktf aspect reports them.)
 */
export const NAG_RULES: readonly WorkloadTrustNagRule[] = [
  noSubjectRestriction,
  wildcardCrossesTenant,
  matchesEverything,
  pullRequestReachable,
  longSession,
  mutableNamesOnly,
  tenantWide,
  forAllValuesInAllow,
  missingAudienceCheck,
  trustPolicyNearQuota,
  unparsedTrust,
];
