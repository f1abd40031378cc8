import { ClaimCondition, GoogleAccounts, LintRuleIds, TargetCloud, TrustErrorCode, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { allows, errorOf } from '../support/assertions';

const UNIQUE_ID = '113774264463038321964';
const google = GoogleAccounts.issuer();

describe('GoogleAccounts issuer', () => {
  test('accounts.google.com, shared by every Google account', () => {
    expect(google.url).toBe('https://accounts.google.com');
    expect(google.url).toBe(GoogleAccounts.GOOGLE_ACCOUNTS_URL);
    expect(google.sharedIssuer).toBe(true);
  });

  test('AWS can check google/organization_number besides the generic keys', () => {
    expect(google.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud', 'google/organization_number']);
    expect(google.checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('GoogleAccounts service accounts', () => {
  test('serviceAccount admits that unique ID only', () => {
    // GIVEN
    const policy = google.trust({ rules: [google.serviceAccount(UNIQUE_ID)] });

    // THEN
    expect(policy.rules[0].conditions.map((c) => c.toString())).toEqual([`sub equals "${UNIQUE_ID}"`]);
    expect(allows(policy, token('google', 'service-account'))).toBe(true);
    expect(allows(policy, token('google', 'service-account', { sub: '113774264463038321965' }))).toBe(false);
    expect(allows(policy, token('google', 'service-account', { sub: `${UNIQUE_ID}0` }))).toBe(false);
    expect(allows(policy, token('google', 'service-account', { sub: UNIQUE_ID.slice(1) }))).toBe(false);
    expect(allows(policy, token('google', 'service-account', { sub: undefined }))).toBe(false);
    // A recreated account keeps its email but gets a new unique ID.
    expect(allows(policy, token('google', 'service-account', { sub: '104012345678901234567', azp: '104012345678901234567' }))).toBe(false);
    expect(allows(policy, token('google', 'service-account', { aud: 'https://example.com' }))).toBe(false);
    expect(allows(policy, token('google', 'service-account', { iss: 'https://token.actions.githubusercontent.com' }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('an email in place of the unique ID is refused with the command that finds the ID', () => {
    // WHEN
    const e = errorOf(() => google.serviceAccount('deployer@my-project.iam.gserviceaccount.com'));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('is an email address');
    expect(e.message).toContain("--format='value(uniqueId)'");
  });

  test.each(['', '1137742644630383219*', 'deployer', ' 113774264463038321964'])('the unique ID %j is refused', (id) => {
    // WHEN
    const e = errorOf(() => google.serviceAccount(id));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(JSON.stringify(id));
  });
});

describe('GoogleAccounts lint of hand-written rules', () => {
  test('a wildcard in a unique ID admits other people\'s accounts: WT102', () => {
    // WHEN
    const e = errorOf(() => google.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', '1137742644630383219*'))] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(LintRuleIds.WILDCARD_CROSSES_TENANT);
  });

  test('a rule on the email alone has no subject restriction: WT101', () => {
    // WHEN
    const e = errorOf(() => google.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('email', 'deployer@my-project.iam.gserviceaccount.com'))] }));

    // THEN
    expect(e.message).toContain(LintRuleIds.NO_SUBJECT_RESTRICTION);
  });
});
