import { expectTrustError } from './support';
import { ClaimCondition, OidcIssuer, TargetCloud, TrustErrorCode, TrustErrors, TrustPolicy, TrustRule } from '../../src';
import { TrustError } from '../../src/core/errors';

const rule = () => TrustRule.allOf(ClaimCondition.equals('sub', 'deployer'));

describe('OidcIssuer URL validation', () => {
  test.each([
    'https://token.actions.githubusercontent.com',
    'https://token.actions.githubusercontent.com/acme',
    'https://gitlab.com',
    'https://app.terraform.io',
    'https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF',
    'https://oidc.circleci.com/org/2f3e1e88-0c5c-4b1e-a4b0-1f1e1e1e1e1e',
  ])('%s is accepted unchanged', (url) => {
    // WHEN
    const issuer = OidcIssuer.fromUrl(url);

    // THEN
    expect(OidcIssuer.validateUrl(url)).toBe(url);
    expect(issuer.url).toBe(url);
  });

  test.each([
    ['not https', 'http://issuer.example.com', 'https'],
    ['no scheme', 'issuer.example.com', 'https'],
    ['another scheme', 'ftp://issuer.example.com', 'https'],
    ['a query', 'https://issuer.example.com/?tenant=acme', 'query'],
    ['an empty query', 'https://issuer.example.com?', 'query'],
    ['a fragment', 'https://issuer.example.com/#x', 'fragment'],
    ['a port', 'https://issuer.example.com:8443', 'port'],
    ['the default port', 'https://issuer.example.com:443/path', 'port'],
    ['credentials', 'https://user:secret@issuer.example.com', 'credentials'],
    ['a user name', 'https://user@issuer.example.com', 'credentials'],
    ['whitespace inside', 'https://issuer.example.com/a b', 'whitespace'],
    ['a trailing newline', 'https://issuer.example.com\n', 'whitespace'],
    ['a leading space', ' https://issuer.example.com', 'whitespace'],
    ['no host', 'https://', 'no host'],
    ['an empty host before the path', 'https:///path', 'no host'],
    ['a backslash the URL parser would rewrite', 'https://host\\path', 'backslash'],
    ['an IP literal host', 'https://[::1]/', 'IP address literal'],
  ])('an issuer URL with %s is refused', (_what, url, why) => {
    // WHEN / THEN: the message names the URL, the reason and the fix
    expectTrustError(() => OidcIssuer.validateUrl(url), TrustErrorCode.INVALID_ISSUER, JSON.stringify(url), why);
    expectTrustError(() => OidcIssuer.fromUrl(url), TrustErrorCode.INVALID_ISSUER, JSON.stringify(url));
    expectTrustError(() => new TrustPolicy({ issuer: url, rules: [rule()] }), TrustErrorCode.INVALID_ISSUER, JSON.stringify(url));
  });

  test('an empty issuer URL is refused', () => {
    // WHEN / THEN
    expectTrustError(() => OidcIssuer.validateUrl(''), TrustErrorCode.INVALID_ISSUER, '""', 'empty');
    expectTrustError(() => new TrustPolicy({ issuer: '', rules: [rule()] }), TrustErrorCode.INVALID_ISSUER, '""');
  });

  test('errors are recognisable through TrustErrors', () => {
    // WHEN
    let caught: unknown;
    try {
      OidcIssuer.validateUrl('http://x');
    } catch (e) {
      caught = e;
    }

    // THEN
    expect(caught).toBeInstanceOf(TrustError);
    expect(TrustErrors.isTrustError(caught)).toBe(true);
    expect(TrustErrors.codeOf(caught)).toBe('InvalidIssuer');
    expect(TrustErrors.isTrustError(new Error('x'))).toBe(false);
    expect(TrustErrors.codeOf(new Error('x'))).toBeUndefined();
  });
});

describe('OidcIssuer defaults', () => {
  test('an issuer known by URL: sub identifies workloads, nothing else is known', () => {
    // WHEN
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com/tenant');

    // THEN
    expect(issuer.displayName).toBe('issuer.example.com/tenant');
    expect(issuer.sharedIssuer).toBe(false);
    expect(issuer.subjectClaims).toEqual(['sub']);
    expect(issuer.workloadClaims).toEqual([]);
    expect(issuer.immutableClaims).toEqual([]);
    expect(issuer.namespaceBoundaries).toEqual([]);
    expect(issuer.pullRequestIndicators).toEqual([]);
  });

  test('AWS checks the generic keys (or the given ones); Google Cloud checks any claim', () => {
    // GIVEN
    const generic = OidcIssuer.fromUrl('https://issuer.example.com');
    const custom = OidcIssuer.fromUrl('https://issuer.example.com', { awsCheckableClaims: ['sub', 'repository_id'] });

    // THEN
    expect(generic.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
    expect(custom.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'repository_id']);
    expect(generic.checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });

  test('pinsImmutableIdentity: exact values of an immutable claim only', () => {
    // GIVEN
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com', { immutableClaims: ['repository_id'] });

    // THEN
    expect(issuer.pinsImmutableIdentity(ClaimCondition.equals('repository_id', '123'))).toBe(true);
    expect(issuer.pinsImmutableIdentity(ClaimCondition.equals('repository_id', '12*'))).toBe(true);
    expect(issuer.pinsImmutableIdentity(ClaimCondition.like('repository_id', '12*'))).toBe(false);
    expect(issuer.pinsImmutableIdentity(ClaimCondition.equals('repository', 'acme/app'))).toBe(false);
  });

  test('trust() admits the target default audience when no audience is given', () => {
    // GIVEN
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com');

    // WHEN
    const policy = issuer.trust({ rules: [rule()] });
    const withAudience = issuer.trust({ rules: [rule()], audiences: ['my-aud'] });

    // THEN
    expect(policy.issuer).toBe(issuer);
    expect(policy.audiences).toEqual([]);
    expect(policy.admitsTargetDefaultAudience).toBe(true);
    expect(withAudience.audiences).toEqual(['my-aud']);
    expect(withAudience.admitsTargetDefaultAudience).toBe(false);
  });
});

describe('OidcIssuer AWS-checkable claims', () => {
  test('two spellings of one claim are refused: IAM condition keys ignore case', () => {
    expectTrustError(() => OidcIssuer.fromUrl('https://issuer.example.com', { awsCheckableClaims: ['sub', 'Sub'] }), TrustErrorCode.INVALID_CLAIM, '"Sub"', 'case-insensitive');
  });
});
