import { AUD, DEPLOYER, googleConfig, GH, GITHUB_ARN, IDS, OWNER_CONDITION, POOL_SET, PROD_SUB, role, saBinding, statement, template } from './fixtures';
import { review, TrustErrors } from '../../../src';

const PINNED = { ...AUD, ...IDS, ...PROD_SUB };
const PROD = { sub: 'repo:acme/app:environment:prod', repository_id: '123456', repository_owner_id: '789' };

describe('review.TrustAssertions.allowsToken on AWS templates', () => {
  const t = template({
    Deploy: role([statement({ StringEquals: PINNED })], { RoleName: 'deploy' }),
    Plan: role([statement({ StringEquals: { ...AUD, ...IDS, [`${GH}:sub`]: 'repo:acme/app:pull_request' } })]),
  });

  test('without aud in the claims the token carries sts.amazonaws.com', () => {
    expect(review.TrustAssertions.allowsToken(t, PROD)).toEqual({
      pass: true,
      certain: true,
      message: `The token ${JSON.stringify(PROD)} gets in as deploy via https://token.actions.githubusercontent.com (rule 1 (repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:environment:prod") holds).`,
    });
  });

  test('an aud in the claims or options.audience is used instead', () => {
    expect(review.TrustAssertions.allowsToken(t, { ...PROD, aud: 'sts.amazonaws.com' }).pass).toBe(true);
    expect(review.TrustAssertions.allowsToken(t, { ...PROD, aud: ['other', 'sts.amazonaws.com'] }).pass).toBe(true);
    const other = review.TrustAssertions.allowsToken(t, { ...PROD, aud: 'api://AzureADTokenExchange' });
    expect(other).toEqual({ pass: false, certain: true, message: expect.stringContaining('deploy via https://token.actions.githubusercontent.com: the token\'s audience "api://AzureADTokenExchange" is not admitted') });
    expect(review.TrustAssertions.allowsToken(t, PROD, { audience: 'api://AzureADTokenExchange' }).pass).toBe(false);
  });

  test('iss in the claims must be the issuer', () => {
    const result = review.TrustAssertions.allowsToken(t, { ...PROD, iss: 'https://gitlab.com' });
    expect(result.pass).toBe(false);
    expect(result.message).toContain('is not "https://token.actions.githubusercontent.com"');
  });

  test('the identity by name, logical ID or role name; a refusal lists why each identity refuses', () => {
    const pr = { ...PROD, sub: 'repo:acme/app:pull_request' };
    expect(review.TrustAssertions.allowsToken(t, pr).pass).toBe(true);
    expect(review.TrustAssertions.allowsToken(t, pr, { identity: 'Plan' }).pass).toBe(true);
    const refused = review.TrustAssertions.allowsToken(t, pr, { identity: 'Deploy' });
    expect(refused).toEqual({ pass: false, certain: true, message: `The token ${JSON.stringify(pr)} does not get in as "Deploy": deploy via https://token.actions.githubusercontent.com: no rule holds.` });
    expect(review.TrustAssertions.allowsToken(t, pr, { identity: 'deploy' }).pass).toBe(false);
  });

  test('an identity that is not there is an error, never a refusal (a negative test must not pass on a typo)', () => {
    const e = catchError(() => review.TrustAssertions.allowsToken(t, PROD, { identity: 'Deplyo' }));
    expect(TrustErrors.codeOf(e)).toBe('ReviewTestingUnknownIdentity');
    expect(e.message).toContain('it has "Plan", "deploy"');
  });

  test('a template without federated roles admits nothing, certainly', () => {
    const none = template({ Lambda: role([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]) });
    expect(review.TrustAssertions.allowsToken(none, PROD)).toEqual({ pass: false, certain: true, message: expect.stringContaining('gets in nowhere') });
    expect(review.TrustAssertions.allowsToken(template({}), PROD).pass).toBe(false);
  });

  test('a way in the review could not fully read: refused by what was understood, but not certainly', () => {
    const unsure = template({ R: role([statement({ StringEquals: PINNED, StringNotLike: { [`${GH}:ref`]: 'refs/pull/*' } })]) });
    expect(review.TrustAssertions.allowsToken(unsure, PROD)).toEqual({ pass: false, certain: false, message: expect.stringContaining('but the review is not certain') });
    expect(review.TrustAssertions.allowsToken(unsure, { ...PROD, repository_id: '1' })).toEqual({ pass: false, certain: true, message: expect.stringContaining('no rule holds') });
  });

  test('a trust policy that cannot be read at all: never a certain refusal', () => {
    const star = template({ R: role([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity' }]) });
    expect(review.TrustAssertions.allowsToken(star, PROD).certain).toBe(false);
  });
});

describe('review.TrustAssertions.allowsToken on Terraform configuration', () => {
  const config = googleConfig({ attribute_condition: OWNER_CONDITION }, saBinding(`${POOL_SET}/attribute.repository_id/123456`));

  test('without aud the token carries the provider\'s resource name (Google\'s default audience)', () => {
    expect(review.TrustAssertions.allowsToken(config, PROD)).toEqual({ pass: true, certain: true, message: expect.stringContaining(`gets in as ${DEPLOYER} via google_iam_workload_identity_pool_provider.github`) });
    expect(review.TrustAssertions.allowsToken(config, { ...PROD, aud: 'sts.amazonaws.com' }).pass).toBe(false);
    expect(review.TrustAssertions.allowsToken(config, { ...PROD, aud: '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool/providers/github' }).pass).toBe(true);
  });

  test('the identity by service account or member', () => {
    expect(review.TrustAssertions.allowsToken(config, PROD, { identity: DEPLOYER }).pass).toBe(true);
    expect(review.TrustAssertions.allowsToken(config, PROD, { identity: `${POOL_SET}/attribute.repository_id/123456` }).pass).toBe(true);
    expect(review.TrustAssertions.allowsToken(config, { ...PROD, repository_owner_id: '790' }, { identity: DEPLOYER }).pass).toBe(false);
  });

  test('the configuration as JSON text (cdktf Testing.synth output)', () => {
    expect(review.TrustAssertions.allowsToken(JSON.stringify(config), PROD).pass).toBe(true);
  });
});

describe('the helpers do not depend on a test framework', () => {
  test('results are plain data: pass, certain and message', () => {
    const result = review.TrustAssertions.allowsToken(template({ R: role([statement({ StringEquals: PINNED })]) }), PROD);
    expect(Object.keys(result).sort()).toEqual(['certain', 'message', 'pass']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(GITHUB_ARN).toContain(GH);
  });
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
