import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { gcp, GitHubActions, GitLab, SessionLifetime } from '../../src';
import { codeOf } from '../support/assertions';

const github = GitHubActions.issuer();
const repo = () => github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' });

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'Stack');
  new GoogleProvider(s, 'google', { project: 'my-proj' });
  return s;
}

function synth(s: TerraformStack): any {
  return JSON.parse(Testing.synth(s, true));
}

describe('gcp.WorkloadIdentityPool', () => {
  test('a google_iam_workload_identity_pool with the given settings', () => {
    const s = stack();
    new gcp.WorkloadIdentityPool(s, 'Ci', { project: 'my-proj', poolId: 'ci-pool', displayName: 'CI', description: 'CI workloads', disabled: false });
    expect(Object.values(synth(s).resource.google_iam_workload_identity_pool)).toEqual([{
      project: 'my-proj', workload_identity_pool_id: 'ci-pool', display_name: 'CI', description: 'CI workloads', disabled: false,
    }]);
  });

  test('the pool name is one token, made once, that synthesizes to the pool\'s name attribute', () => {
    // GIVEN
    const s = stack();
    const pool = new gcp.WorkloadIdentityPool(s, 'Ci', { project: 'my-proj', poolId: 'ci-pool' });

    // WHEN it is asked for twice and written into an output
    const name = pool.name;
    new TerraformOutput(s, 'name', { value: `${pool.name}|${name}` });

    // THEN the same token both times, resolving to the attribute reference
    expect(pool.name).toBe(name);
    expect(synth(s).output.name.value).toBe('${google_iam_workload_identity_pool.Ci_A080E7EE.name}|${google_iam_workload_identity_pool.Ci_A080E7EE.name}');
  });

  test.each([['abc'], ['a'.repeat(33)], ['Ci-pool'], ['ci_pool'], ['gcp-ci']])('pool ID %j is refused', (poolId) => {
    const e = codeOf(() => new gcp.WorkloadIdentityPool(stack(), 'Ci', { project: 'p', poolId }));
    expect(e).toBe('GcpInvalidId');
  });

  test('the pool ID error names the construct, the value and the rule', () => {
    expect(() => new gcp.WorkloadIdentityPool(stack(), 'Ci', { project: 'p', poolId: 'gcp-ci' })).toThrow(/\[GcpInvalidId\] Stack\/Ci: the workload identity pool ID "gcp-ci" is not valid: .*reserved prefix "gcp-".*Fix:/);
  });

  test.each([
    [{ displayName: 'x'.repeat(33) }, 'display name'],
    [{ description: 'x'.repeat(257) }, 'description'],
  ])('%j is refused', (extra, what) => {
    expect(() => new gcp.WorkloadIdentityPool(stack(), 'Ci', { project: 'p', poolId: 'ci-pool', ...extra })).toThrow(new RegExp(`GcpInvalidText.*${what}`));
  });
});

describe('gcp.WorkloadIdentityProvider', () => {
  function setup() {
    const s = stack();
    const pool = new gcp.WorkloadIdentityPool(s, 'Ci', { project: 'my-proj', poolId: 'ci-pool' });
    const provider = pool.addOidcProvider('GitHub', { providerId: 'github', issuer: github });
    return { s, pool, provider };
  }

  test('issuer, subject mapping, one attribute per grant target, condition ORing every grant', () => {
    // GIVEN
    const { s, provider } = setup();

    // WHEN
    provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onEnvironment('prod')] }));
    provider.grantProjectRole('my-proj', 'roles/viewer', github.trust({ rules: [repo().onBranch('main')] }));

    // THEN
    const json = synth(s);
    const p = Object.values<any>(json.resource.google_iam_workload_identity_pool_provider)[0];
    expect(p.oidc).toEqual({ issuer_uri: 'https://token.actions.githubusercontent.com', allowed_audiences: [] });
    expect(p.workload_identity_pool_provider_id).toBe('github');
    expect(Object.keys(p.attribute_mapping).sort()).toEqual([
      'attribute.wt_project_my_proj_roles_viewer_20935727',
      'attribute.wt_sa_deployer_my_proj_iam_gserviceaccount_com_0b3bbcb1',
      'google.subject',
    ]);
    expect(p.attribute_mapping['google.subject']).toBe(gcp.SUBJECT_MAPPING);
    expect(p.attribute_mapping['attribute.wt_sa_deployer_my_proj_iam_gserviceaccount_com_0b3bbcb1']).toMatch(/environment:prod.*\? "granted" : ""$/);
    expect(p.attribute_condition).toContain('refs/heads/main');
    expect(p.attribute_condition).toContain('environment:prod');
    expect(p.attribute_condition.split(' || ')).toHaveLength(2);

    const sa = Object.values<any>(json.resource.google_service_account_iam_member)[0];
    expect(sa).toEqual({
      service_account_id: 'projects/my-proj/serviceAccounts/deployer@my-proj.iam.gserviceaccount.com',
      role: 'roles/iam.workloadIdentityUser',
      member: 'principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.Ci_A080E7EE.name}/attribute.wt_sa_deployer_my_proj_iam_gserviceaccount_com_0b3bbcb1/granted',
    });
    const role = Object.values<any>(json.resource.google_project_iam_member)[0];
    expect(role.role).toBe('roles/viewer');
    expect(role.member).toMatch(/attribute\.wt_project_my_proj_roles_viewer_20935727\/granted$/);
  });

  test('resource names and attribute keys are pinned', () => {
    const { s, provider } = setup();
    provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onEnvironment('prod')] }));
    const json = synth(s);
    expect(Object.keys(json.resource.google_iam_workload_identity_pool)).toEqual(['Ci_A080E7EE']);
    expect(Object.keys(json.resource.google_iam_workload_identity_pool_provider)).toEqual(['Ci_GitHub_9EFFC537']);
    expect(Object.keys(json.resource.google_service_account_iam_member)).toEqual(['Ci_GitHub_Impersonation-wt_sa_deployer_my_proj_iam_gserviceaccount_com_0b3bbcb1_8A66093E']);
  });

  test('grants to the same target are ORed into one attribute and one binding', () => {
    const { s, provider } = setup();
    provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onEnvironment('prod')] }));
    provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onBranch('main')] }));
    const json = synth(s);
    expect(Object.keys(json.resource.google_service_account_iam_member)).toHaveLength(1);
    const p = Object.values<any>(json.resource.google_iam_workload_identity_pool_provider)[0];
    expect(Object.keys(p.attribute_mapping)).toHaveLength(2);
    expect(p.attribute_mapping['attribute.wt_sa_deployer_my_proj_iam_gserviceaccount_com_0b3bbcb1']).toContain('refs/heads/main');
  });

  test('principalSetFor returns the principalSet for any resource binding', () => {
    const { s, provider } = setup();
    new TerraformOutput(s, 'member', { value: provider.principalSetFor('bucket-reader', github.trust({ rules: [repo().onBranch('main')] })) });
    expect(synth(s).output.member.value).toBe('principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.Ci_A080E7EE.name}/attribute.wt_direct_bucket_reader_08a331a0/granted');
  });

  test('explicit audiences are listed; with the target default too, the provider\'s own names are added', () => {
    const { s, provider } = setup();
    provider.grantProjectRole('my-proj', 'roles/viewer', github.trust({ rules: [repo().onBranch('main')], audiences: ['my-audience'], targetDefaultAudience: true }));
    const json = synth(s);
    const p = Object.values<any>(json.resource.google_iam_workload_identity_pool_provider)[0];
    expect(p.oidc.allowed_audiences).toEqual([
      'my-audience',
      '//iam.googleapis.com/projects/${data.google_project.Ci_GitHub_Project_C2EA71D7.number}/locations/global/workloadIdentityPools/ci-pool/providers/github',
      'https://iam.googleapis.com/projects/${data.google_project.Ci_GitHub_Project_C2EA71D7.number}/locations/global/workloadIdentityPools/ci-pool/providers/github',
    ]);
    expect(json.data.google_project.Ci_GitHub_Project_C2EA71D7).toEqual({ project_id: 'my-proj' });
  });

  test('only explicit audiences: no data source', () => {
    const { s, provider } = setup();
    provider.grantProjectRole('my-proj', 'roles/viewer', github.trust({ rules: [repo().onBranch('main')], audiences: ['a', 'b'] }));
    const json = synth(s);
    expect(Object.values<any>(json.resource.google_iam_workload_identity_pool_provider)[0].oidc.allowed_audiences).toEqual(['a', 'b']);
    expect(json.data).toBeUndefined();
  });

  test('grants with different audiences on one provider are refused: Google checks audiences per provider', () => {
    const { provider } = setup();
    provider.grantProjectRole('my-proj', 'roles/viewer', github.trust({ rules: [repo().onBranch('main')] }));
    expect(codeOf(() => provider.grantProjectRole('my-proj', 'roles/editor', github.trust({ rules: [repo().onBranch('main')], audiences: ['x'] })))).toBe('GcpAudienceMismatch');
  });

  test('a trust of another issuer is refused', () => {
    const { provider } = setup();
    const gitlab = GitLab.issuer();
    expect(codeOf(() => provider.grantProjectRole('p', 'roles/viewer', gitlab.trust({ rules: [gitlab.project('acme/app').pinned({ projectId: '1', namespaceId: '2' }).onBranch('main')] })))).toBe('GcpIssuerMismatch');
  });

  test('a provider without grants fails synth: its empty condition would admit every token', () => {
    const { s } = setup();
    expect(() => Testing.synth(s, true)).toThrow(/GcpNoGrant/);
  });

  test.each([['ab'], ['gcp-github'], ['GitHub']])('provider ID %j is refused', (providerId) => {
    const s = stack();
    const pool = new gcp.WorkloadIdentityPool(s, 'Ci', { project: 'my-proj', poolId: 'ci-pool' });
    expect(codeOf(() => pool.addOidcProvider('P', { providerId, issuer: github }))).toBe('GcpInvalidId');
  });

  test('more than 50 grant targets fail synth', () => {
    const { s, provider } = setup();
    const trust = github.trust({ rules: [repo().onBranch('main')] });
    for (let i = 0; i < 51; i++) provider.principalSetFor(`grant-${i}`, trust);
    expect(() => Testing.synth(s, true)).toThrow(/GcpTooManyGrants.*51 grant targets/);
  });

  test('a condition over 4,096 characters fails synth', () => {
    const { s, provider } = setup();
    const rules = Array.from({ length: 12 }, (_, i) => repo().onEnvironment(`environment-${i}`));
    provider.principalSetFor('many', github.trust({ rules }));
    expect(() => Testing.synth(s, true)).toThrow(/GcpExpressionTooLarge/);
  });
});

describe('gcp lifetimes', () => {
  function setup() {
    const s = stack();
    const provider = new gcp.WorkloadIdentityPool(s, 'Ci', { project: 'my-proj', poolId: 'ci-pool' }).addOidcProvider('GitHub', { providerId: 'github', issuer: github });
    return { s, provider };
  }

  test('over one hour without the opt-in fails, explaining the organisation policy', () => {
    const { provider } = setup();
    expect(() => provider.grantServiceAccountImpersonation('sa@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onBranch('main')], maxSession: SessionLifetime.hours(4) })))
      .toThrow(/GcpLifetimeNeedsExtension.*4 h.*constraints\/iam\.allowServiceAccountCredentialLifetimeExtension/);
  });

  test('with the opt-in, one organisation policy lists every service account that needs it', () => {
    const { s, provider } = setup();
    const long = github.trust({ rules: [repo().onBranch('main')], maxSession: SessionLifetime.hours(4) });
    provider.grantServiceAccountImpersonation('b@my-proj.iam.gserviceaccount.com', long, { lifetimeExtensionParent: 'organizations/123456' });
    provider.grantServiceAccountImpersonation('projects/my-proj/serviceAccounts/a@my-proj.iam.gserviceaccount.com', long, { lifetimeExtensionParent: 'organizations/123456' });
    provider.grantServiceAccountImpersonation('c@my-proj.iam.gserviceaccount.com', github.trust({ rules: [repo().onBranch('main')] }));
    const policies = synth(s).resource.google_org_policy_policy;
    expect(Object.values(policies)).toEqual([{
      name: 'organizations/123456/policies/iam.allowServiceAccountCredentialLifetimeExtension',
      parent: 'organizations/123456',
      spec: { rules: [{ values: { allowed_values: ['a@my-proj.iam.gserviceaccount.com', 'b@my-proj.iam.gserviceaccount.com'] } }] },
    }]);
  });

  test('a malformed policy parent is refused', () => {
    const { provider } = setup();
    expect(codeOf(() => provider.grantServiceAccountImpersonation('sa@p.iam.gserviceaccount.com', github.trust({ rules: [repo().onBranch('main')], maxSession: SessionLifetime.hours(2) }), { lifetimeExtensionParent: '123456' }))).toBe('GcpInvalidPolicyParent');
  });
});
