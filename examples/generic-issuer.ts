import { ClaimCondition, SessionLifetime, TrustPolicy, TrustRule } from '../src';
import { Example } from './example';

// Any OIDC issuer: generic rules on the token's claims. `sub` identifies the workload; the
// release pattern stays a glob, while the literal service name cannot be widened by a '*'.
const rule = TrustRule.allOf(
  ClaimCondition.equals('sub', 'service:billing'),
  ClaimCondition.like('ref', 'refs/heads/release/*'),
).withDescription('billing service, release branches');

export const policy = new TrustPolicy({
  issuer: 'https://issuer.example.com',
  audiences: ['sts.amazonaws.com'],
  rules: [rule],
  maxSession: SessionLifetime.minutes(30),
});

export const genericIssuer: Example = {
  name: 'Generic OIDC issuer: billing releases',
  policy,
  targetDefaultAudiences: [],
  tokens: [
    { label: 'release 1.2 of billing', claims: { aud: 'sts.amazonaws.com', sub: 'service:billing', ref: 'refs/heads/release/1.2' }, expectAllowed: true },
    { label: 'main branch of billing', claims: { aud: 'sts.amazonaws.com', sub: 'service:billing', ref: 'refs/heads/main' }, expectAllowed: false },
    { label: 'billing-evil on a release branch', claims: { aud: 'sts.amazonaws.com', sub: 'service:billing-evil', ref: 'refs/heads/release/1.2' }, expectAllowed: false },
    { label: 'token without ref', claims: { aud: 'sts.amazonaws.com', sub: 'service:billing' }, expectAllowed: false },
  ],
};
