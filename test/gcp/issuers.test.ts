import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import {
  BitbucketPipelines, Buildkite, CircleCI, gcp, GitHubActions, GitLab, GoogleAccounts, IIssuer,
  KubernetesServiceAccounts, TerraformCloud, TrustPolicy,
} from '../../src';
import { celBool, celEval } from './support/cel-evaluator';

/** Synthesizes one impersonation grant and returns the provider resource. */
function synthesize(issuer: IIssuer, policy: TrustPolicy): any {
  const stack = new TerraformStack(Testing.app(), 'Stack');
  new GoogleProvider(stack, 'google', { project: 'p' });
  const pool = new gcp.WorkloadIdentityPool(stack, 'Pool', { project: 'p', poolId: 'ci-pool' });
  pool.addOidcProvider('Provider', { providerId: 'provider', issuer }).grantServiceAccountImpersonation('sa@p.iam.gserviceaccount.com', policy);
  return Object.values<any>(JSON.parse(Testing.synth(stack, true)).resource.google_iam_workload_identity_pool_provider)[0];
}

const github = GitHubActions.issuer();
const gitlab = GitLab.issuer();
const tfc = TerraformCloud.issuer();
const circleci = CircleCI.issuer('a74579f1-2e7d-451e-b009-5c082ad2729e');
const buildkite = Buildkite.issuer();
const bitbucket = BitbucketPipelines.issuer({ workspace: 'acme', workspaceUuid: '{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}' });
const gke = KubernetesServiceAccounts.gke('acme-prod', 'europe-west1', 'main');
const google = GoogleAccounts.issuer();

describe('every issuer builder compiles to a Google Cloud provider whose CEL admits its token', () => {
  test.each([
    ['GitHub Actions', github, () => github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] }),
      { sub: 'repo:acme/app:environment:prod', repository_id: '1', repository_owner_id: '2' }, { repository_id: '3' }],
    ['GitLab (environment: Google only)', gitlab, () => gitlab.trust({ rules: [gitlab.project('acme/api').pinned({ projectId: '42', namespaceId: '7' }).onEnvironment('production')] }),
      { sub: 'project_path:acme/api:ref_type:branch:ref:main', project_id: '42', namespace_id: '7', environment: 'production', ref_type: 'branch', ref: 'main' }, { environment: 'staging' }],
    ['HCP Terraform', tfc, () => tfc.trust({ rules: [tfc.workspace({ organization: 'acme', project: 'Default Project', workspace: 'prod' }).planOnly()] }),
      { sub: 'organization:acme:project:Default Project:workspace:prod:run_phase:plan' }, { sub: 'organization:acme:project:Default Project:workspace:prod:run_phase:apply' }],
    ['CircleCI', circleci, () => circleci.trust({ rules: [circleci.project('cb32986e-2f6f-4f43-b2bd-d3c2fd98e903').anyJob()] }),
      { 'sub': 'org/a74579f1-2e7d-451e-b009-5c082ad2729e/project/cb32986e-2f6f-4f43-b2bd-d3c2fd98e903/user/0f0d7a3c-1e2b-4c5d-8e9f-0a1b2c3d4e5f', 'oidc.circleci.com/project-id': 'cb32986e-2f6f-4f43-b2bd-d3c2fd98e903' },
      { 'oidc.circleci.com/project-id': 'other' }],
    ['Buildkite', buildkite, () => buildkite.trust({ rules: [buildkite.pipeline({ organization: 'acme', pipeline: 'deploy' }).onBranch('main')] }),
      { sub: 'organization:acme:pipeline:deploy:ref:refs/heads/main:commit:abc:step:deploy', build_branch: 'main', organization_slug: 'acme', pipeline_slug: 'deploy' }, { build_branch: 'dev' }],
    ['Bitbucket Pipelines', bitbucket, () => bitbucket.trust({ rules: [bitbucket.repository('{d4e45493-4a33-477d-917b-a24e7e4bd39b}').onBranch('main')] }),
      { sub: '{d4e45493-4a33-477d-917b-a24e7e4bd39b}:{step}', repositoryUuid: '{d4e45493-4a33-477d-917b-a24e7e4bd39b}', branchName: 'main' }, { branchName: 'dev' }],
    ['GKE service account', gke, () => gke.trust({ rules: [gke.serviceAccount('payments', 'api')] }),
      { sub: 'system:serviceaccount:payments:api' }, { sub: 'system:serviceaccount:payments:api2' }],
    ['Google accounts', google, () => google.trust({ rules: [google.serviceAccount('112233445566778899001')] }),
      { sub: '112233445566778899001' }, { sub: '112233445566778899002' }],
  ])('%s', (_name, issuer, build, claims, nearMiss) => {
    // GIVEN
    const provider = synthesize(issuer as IIssuer, (build as () => TrustPolicy)());

    // THEN: the issuer URL, a condition Google accepts, and the grant attribute for the token
    expect(provider.oidc.issuer_uri).toBe((issuer as IIssuer).url);
    const attribute = Object.keys(provider.attribute_mapping).find((k) => k.startsWith('attribute.wt_'))!;
    const mapping = provider.attribute_mapping[attribute];
    const token = claims as Record<string, unknown>;
    expect(celEval(provider.attribute_condition, { assertion: token })).toEqual({ value: true });
    expect(celBool(provider.attribute_condition, { assertion: token })).toBe(true);
    expect(celBool(`(${mapping}) == "granted"`, { assertion: token })).toBe(true);
    const miss = { ...token, ...(nearMiss as Record<string, unknown>) };
    expect(celBool(provider.attribute_condition, { assertion: miss })).toBe(false);
    expect(celBool(`(${mapping}) == "granted"`, { assertion: miss })).toBe(false);
  });
});
