import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  aws, BitbucketPipelines, Buildkite, CircleCI, GitHubActions, GitLab, IIssuer, KubernetesServiceAccounts, TerraformCloud, TrustErrors, TrustPolicy,
} from '../../src';

/** Synthesizes a provider and a role for the policy and returns the role's trust statements. */
function synthesize(issuer: IIssuer, policy: TrustPolicy): any[] {
  const stack = new Stack(new App(), 'Stack');
  const provider = new aws.OidcProvider(stack, 'Provider', { issuer });
  new aws.FederatedRole(stack, 'Role', { provider, trust: policy });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: issuer.url });
  return Object.values(template.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement;
}

const github = GitHubActions.issuer();
const gitlab = GitLab.issuer();
const tfc = TerraformCloud.issuer();
const circleci = CircleCI.issuer('a74579f1-2e7d-451e-b009-5c082ad2729e');
const buildkite = Buildkite.issuer();
const bitbucket = BitbucketPipelines.issuer({ workspace: 'acme', workspaceUuid: '{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}' });
const eks = KubernetesServiceAccounts.eks('eu-west-1', 'EXAMPLED539D4633E53DE1B71EXAMPLE');

describe('every issuer builder compiles to an exact AWS trust policy', () => {
  test.each([
    ['GitHub Actions', github, () => github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onBranch('main')] }),
      { StringEquals: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:ref:refs/heads/main', 'repo:acme@2/app@1:ref:refs/heads/main'], 'token.actions.githubusercontent.com:repository_id': '1' } }],
    ['GitHub Enterprise Server', GitHubActions.server('github.example.com'), () => {
      const ghes = GitHubActions.server('github.example.com');
      return ghes.trust({ rules: [ghes.repository('acme/app').onBranch('main')] });
    }, { StringEquals: { 'github.example.com/_services/token:sub': 'repo:acme/app:ref:refs/heads/main' } }],
    ['GitLab', gitlab, () => gitlab.trust({ rules: [gitlab.project('acme/api').pinned({ projectId: '42', namespaceId: '7' }).protectedRefsOnly().onBranch('main')] }),
      { StringEquals: { 'gitlab.com:sub': 'project_path:acme/api:ref_type:branch:ref:main', 'gitlab.com:project_id': '42', 'gitlab.com:ref_protected': 'true' } }],
    ['HCP Terraform', tfc, () => tfc.trust({ rules: [tfc.workspace({ organization: 'acme', project: 'Default Project', workspace: 'prod' }).applyOnly()] }),
      { StringEquals: { 'app.terraform.io:sub': 'organization:acme:project:Default Project:workspace:prod:run_phase:apply' } }],
    ['CircleCI', circleci, () => circleci.trust({ rules: [circleci.project('cb32986e-2f6f-4f43-b2bd-d3c2fd98e903').anyJob()] }),
      { StringEquals: { 'oidc.circleci.com/org/a74579f1-2e7d-451e-b009-5c082ad2729e:oidc.circleci.com/project-id': 'cb32986e-2f6f-4f43-b2bd-d3c2fd98e903' } }],
    ['Buildkite', buildkite, () => buildkite.trust({ rules: [buildkite.pipeline({ organization: 'acme', pipeline: 'deploy' }).onBranch('main')] }),
      { StringEquals: { 'agent.buildkite.com:build_branch': 'main' } }],
    ['Bitbucket Pipelines', bitbucket, () => bitbucket.trust({ rules: [bitbucket.repository('{d4e45493-4a33-477d-917b-a24e7e4bd39b}').anyStepBySubject()] }),
      { StringLike: { 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc:sub': '{d4e45493-4a33-477d-917b-a24e7e4bd39b}:*' } }],
    ['EKS service account', eks, () => eks.trust({ rules: [eks.serviceAccount('payments', 'api')] }),
      { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:payments:api' } }],
  ])('%s', (_name, issuer, build, expected) => {
    // WHEN
    const statements = synthesize(issuer as IIssuer, (build as () => TrustPolicy)());

    // THEN: one statement, the issuer's key prefix, the audience, and the builder's conditions
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    const condition = statements[0].Condition;
    expect(Object.keys(condition.StringEquals).some((k: string) => k.endsWith(':aud'))).toBe(true);
    for (const [op, entries] of Object.entries(expected as Record<string, Record<string, unknown>>)) {
      expect(condition[op]).toMatchObject(entries);
    }
  });

  test('GitLab environments cannot be checked by AWS: the synth fails instead of dropping the condition', () => {
    const rule = gitlab.project('acme/api').pinned({ projectId: '42', namespaceId: '7' }).onEnvironment('production');
    let code: string | undefined;
    try {
      synthesize(gitlab, gitlab.trust({ rules: [rule] }));
    } catch (e) {
      code = TrustErrors.codeOf(e);
    }
    expect(code).toBe('AwsUnsupportedClaim');
  });

  test('Bitbucket repositoryUuid rules are Google Cloud only on AWS', () => {
    let message = '';
    try {
      synthesize(bitbucket, bitbucket.trust({ rules: [bitbucket.repository('{d4e45493-4a33-477d-917b-a24e7e4bd39b}').anyStep()] }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/AwsUnsupportedClaim.*"repositoryUuid"/);
  });
});
