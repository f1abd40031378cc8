import { ClaimCondition, KubernetesServiceAccounts, LintRuleIds, TargetCloud, TrustErrorCode, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { allows, errorOf } from '../support/assertions';

const eks = KubernetesServiceAccounts.eks('eu-west-1', 'EXAMPLED539D4633E53DE1B716D3041E');

describe('KubernetesServiceAccounts issuer URLs', () => {
  test('EKS, EKS in China, GKE and any cluster', () => {
    expect(eks.url).toBe('https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E');
    expect(KubernetesServiceAccounts.eks('cn-north-1', 'F3FBBFA3747271100017387E04494B5C').url).toBe('https://oidc.eks.cn-north-1.amazonaws.com.cn/id/F3FBBFA3747271100017387E04494B5C');
    expect(KubernetesServiceAccounts.eks('us-gov-west-1', 'F3FBBFA3747271100017387E04494B5C').url).toBe('https://oidc.eks.us-gov-west-1.amazonaws.com/id/F3FBBFA3747271100017387E04494B5C');
    expect(KubernetesServiceAccounts.gke('my-project', 'europe-west1', 'prod').url).toBe('https://container.googleapis.com/v1/projects/my-project/locations/europe-west1/clusters/prod');
    expect(KubernetesServiceAccounts.gke('my-project', 'europe-west1-b', 'prod').url).toBe('https://container.googleapis.com/v1/projects/my-project/locations/europe-west1-b/clusters/prod');
    expect(KubernetesServiceAccounts.issuer('https://oidc.example.com/clusters/prod').url).toBe('https://oidc.example.com/clusters/prod');
    expect(eks.sharedIssuer).toBe(false);
  });

  test.each([
    ['an ISO-partition region', () => KubernetesServiceAccounts.eks('us-iso-east-1', 'F3FBBFA3747271100017387E04494B5C'), 'AWS region'],
    ['a lowercase EKS ID', () => KubernetesServiceAccounts.eks('eu-west-1', 'f3fbbfa3747271100017387e04494b5c'), 'EKS OIDC issuer ID'],
    ['a short EKS ID', () => KubernetesServiceAccounts.eks('eu-west-1', 'F3FBBFA3'), 'EKS OIDC issuer ID'],
    ['the whole issuer URL as EKS ID', () => KubernetesServiceAccounts.eks('eu-west-1', 'https://oidc.eks.eu-west-1.amazonaws.com/id/F3FBBFA3747271100017387E04494B5C'), 'EKS OIDC issuer ID'],
    ['an uppercase GCP project', () => KubernetesServiceAccounts.gke('My-Project', 'europe-west1', 'prod'), 'Google Cloud project ID'],
    ['a GKE location with a slash', () => KubernetesServiceAccounts.gke('my-project', 'europe-west1/x', 'prod'), 'GKE cluster location'],
    ['a GKE cluster with an underscore', () => KubernetesServiceAccounts.gke('my-project', 'europe-west1', 'my_cluster'), 'GKE cluster name'],
  ])('%s is refused', (_what, build, what) => {
    // WHEN
    const e = errorOf(build);

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(what);
    expect(e.message).toContain('Fix:');
  });

  test('a cluster issuer URL must be https', () => {
    // WHEN
    const e = errorOf(() => KubernetesServiceAccounts.issuer('http://oidc.example.com'));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_ISSUER);
  });

  test('AWS checks the generic keys, sub included', () => {
    expect(eks.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
  });
});

describe('KubernetesServiceAccounts rules against documented tokens', () => {
  test('serviceAccount admits that service account and no near miss', () => {
    // GIVEN
    const policy = eks.trust({ rules: [eks.serviceAccount('payments', 'ledger-writer')] });

    // THEN
    expect(policy.rules[0].conditions.map((c) => c.toString())).toEqual(['sub equals "system:serviceaccount:payments:ledger-writer"']);
    // The IRSA token's aud is an array holding sts.amazonaws.com.
    expect(allows(policy, token('kubernetes', 'eks-irsa'))).toBe(true);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:payments-evil:ledger-writer' }))).toBe(false);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:payments:ledger-writer-2' }))).toBe(false);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:other:ledger-writer' }))).toBe(false);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:Payments:ledger-writer' }))).toBe(false);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: undefined }))).toBe(false);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { aud: ['https://kubernetes.default.svc'] }))).toBe(false);
    // A token of another cluster carries another issuer.
    expect(allows(policy, token('kubernetes', 'gke'))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('a GKE cluster judges its own tokens', () => {
    // GIVEN
    const gke = KubernetesServiceAccounts.gke('my-project', 'europe-west1', 'prod');
    const policy = gke.trust({ rules: [gke.namespace('payments').serviceAccount('ledger-writer')] });

    // THEN
    expect(allows(policy, token('kubernetes', 'gke'))).toBe(true);
    expect(allows(policy, token('kubernetes', 'eks-irsa'))).toBe(false);
  });

  test.each([
    ['an uppercase namespace', () => eks.serviceAccount('Payments', 'ledger-writer'), 'Kubernetes namespace'],
    ['a namespace with a colon', () => eks.serviceAccount('pay:ments', 'ledger-writer'), 'Kubernetes namespace'],
    ['a namespace of 64 characters', () => eks.namespace('n'.repeat(64)), 'Kubernetes namespace'],
    ['a service account with a colon', () => eks.serviceAccount('payments', 'ledger:writer'), 'Kubernetes service account name'],
    ['a service account pattern', () => eks.serviceAccount('payments', 'ledger-*'), 'Kubernetes service account name'],
  ])('%s is refused', (_what, build, what) => {
    // WHEN
    const e = errorOf(build);

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(what);
  });

  test('service account names may hold dots (DNS-1123 subdomains)', () => {
    expect(eks.serviceAccount('payments', 'ledger.writer').conditions[0].values).toEqual(['system:serviceaccount:payments:ledger.writer']);
  });
});

describe('KubernetesServiceAccounts namespace-wide trust', () => {
  test('allServiceAccounts is explicit, acknowledged as WT107, and stops at the namespace', () => {
    // GIVEN
    const rule = eks.namespace('payments').allServiceAccounts();
    const policy = eks.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions[0].values).toEqual(['system:serviceaccount:payments:*']);
    expect(policy.findings.map((f) => [f.id, f.acknowledgedBecause])).toEqual([[LintRuleIds.TENANT_WIDE, expect.stringContaining('namespace().allServiceAccounts()')]]);
    expect(allows(policy, token('kubernetes', 'eks-irsa'))).toBe(true);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:payments:other' }))).toBe(true);
    expect(allows(policy, token('kubernetes', 'eks-irsa', { sub: 'system:serviceaccount:payments-evil:ledger-writer' }))).toBe(false);
  });

  test.each([
    ['a namespace prefix', 'system:serviceaccount:pay*', LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['every namespace', 'system:serviceaccount:*', LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['a namespace without acknowledgement', 'system:serviceaccount:payments:*', LintRuleIds.TENANT_WIDE],
    ['a service account prefix', 'system:serviceaccount:payments:ledger-*', LintRuleIds.TENANT_WIDE],
  ])('a hand-written pattern across %s fails', (_what, pattern, id) => {
    // WHEN
    const e = errorOf(() => eks.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', pattern))] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(id);
  });
});
