import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { TerraformStack, Testing } from 'cdktf';
import { gcp, gcpReview, GitHubActions, TrustErrors } from '../../../src';
import '../../../src/jest';

const github = GitHubActions.issuer();
const repo = () => github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' });
const PROD = { sub: 'repo:acme/app:environment:prod', repository_id: '123456', repository_owner_id: '789' };
const MAIN = { sub: 'repo:acme/app:ref:refs/heads/main', ref: 'refs/heads/main', repository_id: '123456', repository_owner_id: '789' };
const DEPLOYER = 'deployer@my-proj.iam.gserviceaccount.com';

function setup(): { stack: TerraformStack; provider: gcp.WorkloadIdentityProvider } {
  const stack = new TerraformStack(Testing.app(), 'Stack');
  new GoogleProvider(stack, 'google', { project: 'my-proj' });
  const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'my-proj', poolId: 'ci-pool' });
  const provider = pool.addOidcProvider('GitHub', { providerId: 'github', issuer: github });
  provider.grantServiceAccountImpersonation(DEPLOYER, github.trust({ rules: [repo().onEnvironment('prod')] }));
  provider.grantProjectRole('my-proj', 'roles/viewer', github.trust({ rules: [repo().onBranch('main')] }));
  return { stack, provider };
}

describe('gcpReview.TerraformStackTrust', () => {
  test('snapshot: one block per binding, in stable order', () => {
    const { stack } = setup();
    const text = gcpReview.TerraformStackTrust.snapshot(stack);
    const headers = text.split('\n').filter((l) => !l.startsWith(' '));
    expect(headers).toEqual(['google-project-role roles/viewer on projects/my-proj', '', `google-service-account ${DEPLOYER}`]);
    expect(text).toContain('  via: google_iam_workload_identity_pool_provider.Ci_GitHub_9EFFC537 (pool ci-pool, provider github)');
    expect(text).toContain('  audiences: the provider\'s resource name');
    expect(gcpReview.TerraformStackTrust.matchesSnapshot(stack, text).pass).toBe(true);
  });

  test('config and report: the synthesized configuration, reviewed under the stack\'s cdktf.out path', () => {
    const { stack } = setup();
    expect(Object.keys(gcpReview.TerraformStackTrust.config(stack).resource)).toContain('google_iam_workload_identity_pool_provider');
    expect(gcpReview.TerraformStackTrust.report(stack).files).toEqual(['stacks/Stack/cdk.tf.json']);
  });

  test('allowsToken: the default audience is the provider\'s resource name; each token gets in where its rule allows', () => {
    const { stack } = setup();
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, PROD, { identity: DEPLOYER }).pass).toBe(true);
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: DEPLOYER }).pass).toBe(false);
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: 'roles/viewer on projects/my-proj' }).pass).toBe(true);
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, { ...PROD, aud: 'sts.amazonaws.com' }).pass).toBe(false);
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, PROD, { audience: '//iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/ci-pool/providers/github' }).pass)
      .toBe(true);
  });

  test('allowsToken: the identity by construct path selects the bindings declared under it', () => {
    const { stack } = setup();
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: 'Ci/GitHub' }).pass).toBe(true);
    expect(gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: 'Stack/Ci' }).pass).toBe(true);
    const err = catchError(() => gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: 'google' }));
    expect(TrustErrors.codeOf(err)).toBe('GcpReviewNotABinding');
    expect(TrustErrors.codeOf(catchError(() => gcpReview.TerraformStackTrust.allowsToken(stack, MAIN, { identity: 'nobody@example.com' })))).toBe('ReviewTestingUnknownIdentity');
  });
});

describe('jest matchers on a cdktf TerraformStack', () => {
  test('toMatchTrustSnapshot', () => {
    const { stack } = setup();
    expect(stack).toMatchTrustSnapshot();
  });

  test('toAllowToken and .not.toAllowToken', () => {
    const { stack, provider } = setup();
    expect(stack).toAllowToken(PROD, { identity: DEPLOYER });
    expect(stack).toAllowToken(MAIN, { identity: provider });
    expect(stack).not.toAllowToken(MAIN, { identity: DEPLOYER });
    expect(stack).not.toAllowToken({ ...PROD, repository_owner_id: '790' });
  });

  test('a hand-written pool-wide binding lets every token the provider admits in', () => {
    // GIVEN
    const { stack } = setup();
    new ServiceAccountIamMember(stack, 'Everyone', {
      serviceAccountId: 'projects/my-proj/serviceAccounts/admin@my-proj.iam.gserviceaccount.com',
      role: 'roles/iam.workloadIdentityUser',
      member: 'principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool/*',
    });

    // THEN
    expect(stack).toAllowToken(MAIN, { identity: 'admin@my-proj.iam.gserviceaccount.com' });
    expect(stack).not.toAllowToken({ ...MAIN, repository_owner_id: '790' }, { identity: 'admin@my-proj.iam.gserviceaccount.com' });
    expect(gcpReview.TerraformStackTrust.snapshot(stack)).toContain('findings: WT204 (error)');
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
