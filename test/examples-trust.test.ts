import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { TerraformStack } from 'cdktf';
import '../src/jest';
import { buildAwsApp } from '../examples/aws-app';
import { ROLES_PER_STACK } from '../examples/aws-many-roles';
import { eksServiceAccount, PAYMENTS_API_TOKEN } from '../examples/eks-service-account';
import { Example } from '../examples/example';
import { buildGcpApp } from '../examples/gcp-app';
import { githubDeploy } from '../examples/github-deploy';
import { gitlabGcp } from '../examples/gitlab-gcp';
import { platformApi, platformPipeline } from '../examples/platform-blueprint';
import { APPLY_TOKEN, PLAN_TOKEN, terraformCloudApply, terraformCloudPlan } from '../examples/terraform-cloud';
import { review } from '../src';

// Who can get in to each example stack, as a reviewer reads it. A change of the examples' trust
// shows up here as a snapshot diff; the sample tokens of examples/ are checked against what was
// synthesized, not only against the declarations.

describe('examples/aws-app: the synthesized trust', () => {
  const app = buildAwsApp(mkdtempSync(join(tmpdir(), 'wt-cdk-')));
  const stack = (name: string) => app.node.findChild(name) as Stack;
  // The matchers synthesize the whole app (600 ManyRoles included) on every call on a Stack; the
  // per-token checks read the templates of one synthesis instead.
  const assembly = app.synth();
  const template = (name: string) => assembly.getStackByName(name).template;

  test.each(['AcmeAppDeploy', 'PaymentsEks', 'InfraTerraformCloud', 'acme-platform-111111111111-eu-west-1', 'acme-platform-222222222222-us-east-1'])('%s', (name) => {
    expect(stack(name)).toMatchTrustSnapshot();
  });

  test('the account-wide provider stack trusts nothing by itself', () => {
    expect(review.TrustSnapshot.of(template('WorkloadTrustOidc'))).toBe('no identity trusts web identity tokens');
  });

  // Every sample token of an AWS example gets the same decision from the synthesized role.
  const onAws: Array<[Example, string, string]> = [
    [githubDeploy, 'AcmeAppDeploy', 'acme-app-deploy'],
    [eksServiceAccount, 'PaymentsEks', 'payments-api'],
    [terraformCloudPlan, 'InfraTerraformCloud', 'dns-prod-plan'],
    [terraformCloudApply, 'InfraTerraformCloud', 'dns-prod-apply'],
    [platformApi, 'acme-platform-111111111111-eu-west-1', 'acme-platform-api-prod'],
    [platformApi, 'acme-platform-222222222222-us-east-1', 'acme-platform-api-prod'],
  ];
  test.each(onAws.map(([example, stackName, role]) => [example.name, example, stackName, role] as const))('%s: the role decides every sample token as the declaration does', (_name, example, stackName, role) => {
    for (const token of example.tokens) {
      if (token.expectAllowed) expect(template(stackName)).toAllowToken(token.claims, { identity: role });
      else expect(template(stackName)).not.toAllowToken(token.claims, { identity: role });
    }
  });

  test('HCP Terraform: a plan token gets the plan role only, an apply token the apply role only', () => {
    const tfc = stack('InfraTerraformCloud');
    expect(tfc).toAllowToken(PLAN_TOKEN, { identity: 'PlanRole' });
    expect(tfc).not.toAllowToken(PLAN_TOKEN, { identity: 'ApplyRole' });
    expect(tfc).toAllowToken(APPLY_TOKEN, { identity: 'ApplyRole' });
    expect(tfc).not.toAllowToken(APPLY_TOKEN, { identity: 'PlanRole' });
    // A token with the STS default audience gets neither: HCP Terraform's audience is aws.workload.identity.
    expect(tfc).not.toAllowToken({ ...APPLY_TOKEN, aud: 'sts.amazonaws.com' });
  });

  test('EKS: only the cluster\'s own issuer, and only payments/payments-api', () => {
    const eks = template('PaymentsEks');
    expect(eks).toAllowToken(PAYMENTS_API_TOKEN);
    expect(eks).not.toAllowToken({ ...PAYMENTS_API_TOKEN, iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9' });
    expect(eks).not.toAllowToken({ ...PAYMENTS_API_TOKEN, sub: 'system:serviceaccount:payments:*' });
    expect(eks).not.toAllowToken({ ...PAYMENTS_API_TOKEN, sub: 'system:serviceaccount:payments:payments-api:extra' });
  });

  test('ManyRoles: 200 pinned prod roles per stack, each for its own repository', () => {
    for (const name of ['ManyRoles1', 'ManyRoles2', 'ManyRoles3']) {
      const report = review.TrustReview.cloudFormation(template(name), `${name}.template.json`);
      expect(report.entries).toHaveLength(ROLES_PER_STACK);
      expect(report.findings).toEqual([]);
    }
    const service = (n: number) => ({ sub: `repo:acme/service-${n}:environment:prod`, repository_id: String(100000 + n), repository_owner_id: '789' });
    expect(template('ManyRoles2')).toAllowToken(service(242), { identity: 'Service242DeployC0695B43' });
    expect(template('ManyRoles2')).not.toAllowToken({ ...service(242), repository_id: '100243' }, { identity: 'Service242DeployC0695B43' });
    expect(template('ManyRoles2')).not.toAllowToken(service(42));
  });
});

describe('examples/gcp-app: the synthesized trust', () => {
  const app = buildGcpApp(mkdtempSync(join(tmpdir(), 'wt-cdktf-')));
  const stack = app.node.findChild('workload-trust-gcp') as TerraformStack;

  test('workload-trust-gcp', () => {
    expect(stack).toMatchTrustSnapshot();
  });

  test('acme-platform-google (the blueprint example)', () => {
    expect(app.node.findChild('acme-platform-google')).toMatchTrustSnapshot();
  });

  test('the blueprint: each workload becomes its own Google Cloud identities only', () => {
    const google = app.node.findChild('acme-platform-google') as TerraformStack;
    const api = withoutAudience(platformApi.tokens[0].claims);
    const pipeline = withoutAudience(platformPipeline.tokens[0].claims);
    expect(google).toAllowToken(api, { identity: 'api-deployer@acme-api-prod.iam.gserviceaccount.com' });
    expect(google).not.toAllowToken(api, { identity: 'pipeline-runner@acme-data.iam.gserviceaccount.com' });
    expect(google).toAllowToken(pipeline, { identity: 'pipeline-runner@acme-data.iam.gserviceaccount.com' });
    for (const token of platformPipeline.tokens.filter((t) => !t.expectAllowed)) {
      expect(google).not.toAllowToken(withoutAudience(token.claims));
    }
  });

  test('GitLab: the protected main pipeline of acme/platform/api impersonates the deployer, nothing else does', () => {
    const deployer = 'deployer@acme-ci.iam.gserviceaccount.com';
    for (const token of gitlabGcp.tokens) {
      // The review judges Google's default audience itself (the provider's resource name).
      const claims = withoutAudience(token.claims);
      const audienceAllowed = gitlabGcp.targetDefaultAudiences.some((a) => [token.claims.aud].flat().includes(a));
      if (token.expectAllowed) expect(stack).toAllowToken(claims, { identity: deployer });
      else if (audienceAllowed) expect(stack).not.toAllowToken(claims, { identity: deployer });
      else expect(stack).not.toAllowToken(claims, { identity: deployer, audience: token.claims.aud });
    }
  });

  test('GitHub: the prod environment of acme/app gets the project role directly', () => {
    const prod = withoutAudience(githubDeploy.tokens[0].claims);
    expect(stack).toAllowToken(prod, { identity: 'Ci/GitHub' });
    expect(stack).not.toAllowToken({ ...prod, repository_id: '999999' }, { identity: 'Ci/GitHub' });
    expect(stack).not.toAllowToken(prod, { identity: 'deployer@acme-ci.iam.gserviceaccount.com' });
  });
});

function withoutAudience(claims: { [claim: string]: any }): { [claim: string]: any } {
  const { aud: _aud, ...rest } = claims;
  return rest;
}
