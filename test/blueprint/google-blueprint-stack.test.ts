import { App, Testing, TerraformStack } from 'cdktf';
import { GITHUB, githubToken, platformBlueprint } from './support';
import { blueprint, SessionLifetime } from '../../src';
import { GoogleSts } from '../gcp/support/google-sts';
import { errorOf } from '../support/assertions';

const PROJECT_NUMBER = '123456789012';

function synth(bp: blueprint.TrustBlueprint, options?: blueprint.GoogleBlueprintOptions): { out: blueprint.GoogleBlueprintStack; json: any } {
  const out = bp.toGoogle(Testing.app(), options);
  return { out, json: JSON.parse(Testing.synth(out.stack)) };
}

const resources = (json: any, type: string): any[] => Object.values(json.resource[type] ?? {});

describe('TrustBlueprint.toGoogle', () => {
  const { out, json } = synth(platformBlueprint());
  const sts = new GoogleSts(json, { projectNumber: PROJECT_NUMBER });
  const audience = GoogleSts.defaultAudiences(sts.provider.name)[0];
  const token = (repo: string, id: string, extra: object = {}) => githubToken(repo, id, { aud: audience, ...extra });
  const impersonation = (email: string): string => resources(json, 'google_service_account_iam_member')
    .find((b) => b.service_account_id === `projects/${email.split('@')[1].split('.')[0]}/serviceAccounts/${email}`).member;
  const direct = (project: string, role: string): string => resources(json, 'google_project_iam_member').find((b) => b.project === project && b.role === role).member;

  test('one stack <blueprint>-google with the google provider, a pool named after the blueprint, a provider per issuer', () => {
    expect(out.stack.node.id).toBe('acme-platform-google');
    expect(json.provider.google).toEqual([{ project: 'acme-platform-ci' }]);
    expect(resources(json, 'google_iam_workload_identity_pool')).toEqual([{
      project: 'acme-platform-ci',
      workload_identity_pool_id: 'acme-platform',
      display_name: 'acme-platform',
      description: 'Workloads of blueprint acme-platform, owner platform-team (workload-trust)',
    }]);
    expect(resources(json, 'google_iam_workload_identity_pool_provider').map((p) => p.workload_identity_pool_provider_id)).toEqual(['github']);
    expect(out.providerFor('github')).toBeDefined();
  });

  test('Terraform names are pinned: renaming them would replace the pool, accounts and bindings', () => {
    expect(Object.keys(json.resource).sort().flatMap((type) => Object.keys(json.resource[type]).map((name) => `${type}.${name}`))).toEqual([
      'google_iam_workload_identity_pool.Pool-acme-platform_B4D6D038',
      'google_iam_workload_identity_pool_provider.Pool-acme-platform_github_62CBA5B1',
      expect.stringMatching(/^google_project_iam_member\.Pool-acme-platform_github_ProjectRole-wt_project_acme_web_prod_roles_firebasehosting_admin_[0-9a-f]{8}_[0-9A-F]{8}$/),
      'google_project_iam_member.ServiceAccount-acme-api-prod-api-deployer-roles_rundeveloper',
      'google_project_iam_member.ServiceAccount-acme-data-pipeline-runner-roles_bigqueryjobUser',
      'google_project_iam_member.ServiceAccount-acme-data-pipeline-runner-roles_dataflowdeveloper',
      'google_service_account.ServiceAccount-acme-api-prod-api-deployer',
      'google_service_account.ServiceAccount-acme-data-pipeline-runner',
      expect.stringMatching(/^google_service_account_iam_member\.Pool-acme-platform_github_Impersonation-wt_sa_api_deployer_acme_api_prod_iam_gserviceaccount_com_[0-9a-f]{8}_[0-9A-F]{8}$/),
      expect.stringMatching(/^google_service_account_iam_member\.Pool-acme-platform_github_Impersonation-wt_sa_pipeline_runner_acme_data_iam_gserviceaccount_com_[0-9a-f]{8}_[0-9A-F]{8}$/),
    ]);
  });

  test('service accounts are created with consistent names, their project roles, and bindings that wait for them', () => {
    expect(resources(json, 'google_service_account')).toContainEqual({
      project: 'acme-api-prod',
      account_id: 'api-deployer',
      display_name: 'api-deployer (acme-platform)',
      description: 'Impersonated by workloads of blueprint acme-platform, owner platform-team, through workload identity federation (workload-trust)',
    });
    expect(resources(json, 'google_project_iam_member')).toContainEqual({
      project: 'acme-data',
      role: 'roles/bigquery.jobUser',
      member: 'serviceAccount:pipeline-runner@acme-data.iam.gserviceaccount.com',
      depends_on: ['google_service_account.ServiceAccount-acme-data-pipeline-runner'],
    });
    const binding = resources(json, 'google_service_account_iam_member').find((b) => b.service_account_id.endsWith('api-deployer@acme-api-prod.iam.gserviceaccount.com'));
    expect(binding.role).toBe('roles/iam.workloadIdentityUser');
    expect(binding.depends_on).toEqual(['google_service_account.ServiceAccount-acme-api-prod-api-deployer']);
    expect(out.createdServiceAccounts).toHaveLength(2);
  });

  test('each workload becomes exactly its own identities, judged by a model of Google STS and IAM', () => {
    const api = token('acme/api', '200002');
    const web = token('acme/web', '200001');
    const pipeline = token('acme/data-pipeline', '200003', { sub: 'repo:acme/data-pipeline:ref:refs/heads/main', environment: undefined });
    const apiSa = impersonation('api-deployer@acme-api-prod.iam.gserviceaccount.com');
    const pipelineSa = impersonation('pipeline-runner@acme-data.iam.gserviceaccount.com');
    const hosting = direct('acme-web-prod', 'roles/firebasehosting.admin');
    const members = (claims: object) => [apiSa, pipelineSa, hosting].map((m) => sts.isMember(sts.exchange(claims as any), m));
    expect(members(api)).toEqual([true, false, false]);
    expect(members(web)).toEqual([false, false, true]);
    expect(members(pipeline)).toEqual([false, true, false]);
    // Not the workload: a recreated repository, a pull request, a token for AWS, another branch.
    expect(members({ ...api, repository_id: '999' })).toEqual([false, false, false]);
    expect(members({ ...api, sub: 'repo:acme/api:pull_request' })).toEqual([false, false, false]);
    expect(members({ ...api, aud: 'sts.amazonaws.com' })).toEqual([false, false, false]);
    expect(members({ ...pipeline, sub: 'repo:acme/data-pipeline:ref:refs/heads/dev' })).toEqual([false, false, false]);
  });
});

describe('service accounts shared or not created', () => {
  test('two workloads impersonating one account: one account, one binding that admits both, the union of roles; create: false creates nothing but still grants roles', () => {
    const bp = new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team', google: { project: 'acme-platform-ci' } });
    const github = bp.addIssuer('github', GITHUB);
    const repo = (name: string, id: string) => GITHUB.repository(`acme/${name}`).pinned({ repositoryId: id, ownerId: '789' }).onEnvironment('prod');
    bp.addWorkload('api-prod', { issuer: github, rules: [repo('api', '1')] })
      .addGoogleServiceAccount({ project: 'acme-prod', accountId: 'deployer', create: false, roles: ['roles/run.developer'] })
      .addGoogleServiceAccount({ project: 'acme-prod', accountId: 'existing', create: false, roles: ['roles/viewer'] });
    bp.addWorkload('web-prod', { issuer: github, rules: [repo('web', '2')] })
      .addGoogleServiceAccount({ project: 'acme-prod', accountId: 'deployer', roles: ['roles/storage.admin'] });
    const { json } = synth(bp);
    expect(resources(json, 'google_service_account').map((a) => a.account_id)).toEqual(['deployer']);
    expect(resources(json, 'google_project_iam_member').map((m) => `${m.member} ${m.role}`).sort()).toEqual([
      'serviceAccount:deployer@acme-prod.iam.gserviceaccount.com roles/run.developer',
      'serviceAccount:deployer@acme-prod.iam.gserviceaccount.com roles/storage.admin',
      'serviceAccount:existing@acme-prod.iam.gserviceaccount.com roles/viewer',
    ]);
    const bindings = resources(json, 'google_service_account_iam_member');
    expect(bindings).toHaveLength(2);
    const deployer = bindings.find((b) => b.service_account_id.endsWith('/deployer@acme-prod.iam.gserviceaccount.com'));
    expect(deployer.depends_on).toEqual(['google_service_account.ServiceAccount-acme-prod-deployer']);
    expect(bindings.find((b) => b.service_account_id.endsWith('/existing@acme-prod.iam.gserviceaccount.com')).depends_on).toBeUndefined();
    const sts = new GoogleSts(json, { projectNumber: PROJECT_NUMBER });
    const aud = GoogleSts.defaultAudiences(sts.provider.name)[0];
    for (const [name, id] of [['acme/api', '1'], ['acme/web', '2']]) {
      expect(sts.isMember(sts.exchange(githubToken(name, id, { aud })), deployer.member)).toBe(true);
    }
    expect(sts.isMember(sts.exchange(githubToken('acme/other', '3', { aud })), deployer.member)).toBe(false);
  });
});

describe('stacks, settings and refusals', () => {
  test('a passed stack gets the pool and grants; its provider configuration stays the caller\'s', () => {
    const stack = new TerraformStack(new App(), 'mine');
    const { out, json } = synth(platformBlueprint(), { stack });
    expect(out.stack).toBe(stack);
    expect(json.provider).toBeUndefined();
    expect(resources(json, 'google_iam_workload_identity_pool')).toHaveLength(1);
  });

  test('poolId overrides the blueprint name', () => {
    const { json } = synth(platformBlueprint({ google: { project: 'acme-platform-ci', poolId: 'ci-pool' } }));
    expect(resources(json, 'google_iam_workload_identity_pool')[0].workload_identity_pool_id).toBe('ci-pool');
  });

  test('a session over an hour needs the organisation policy parent; with it, the policy lists the blueprint\'s service accounts', () => {
    const error = errorOf(() => platformBlueprint({ maxSession: SessionLifetime.hours(2) }).toGoogle(Testing.app()));
    expect(error.code).toBe('GcpLifetimeNeedsExtension');
    expect(error.message).toMatch(/^\[GcpLifetimeNeedsExtension\] Blueprint "acme-platform", Google Cloud: acme-platform-google\/Pool-acme-platform\/github: /);
    const { json } = synth(platformBlueprint({ maxSession: SessionLifetime.hours(2), google: { project: 'acme-platform-ci', lifetimeExtensionParent: 'organizations/42' } }));
    const policy = resources(json, 'google_org_policy_policy')[0];
    expect(policy.parent).toBe('organizations/42');
    expect(JSON.stringify(policy)).toMatch(/api-deployer@acme-api-prod.iam.gserviceaccount.com.*pipeline-runner@acme-data.iam.gserviceaccount.com/);
  });

  test('Google Cloud targets without google settings are refused when producing the stack', () => {
    const bp = platformBlueprint({ google: undefined });
    const error = errorOf(() => bp.toGoogle(Testing.app()));
    expect(error.code).toBe('BlueprintMissingGoogleSettings');
    expect(error.message).toMatch(/google: \{ project:/);
  });

  test('lookups of a provider no workload uses on Google Cloud say which exist', () => {
    const { out } = synth(platformBlueprint());
    expect(errorOf(() => out.providerFor('gitlab')).message).toMatch(/\["github"\]/);
  });
});
