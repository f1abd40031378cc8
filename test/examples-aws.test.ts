import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildAwsApp } from '../examples/aws-app';
import { ROLES_PER_STACK } from '../examples/aws-many-roles';

describe('examples/aws-app', () => {
  const app = buildAwsApp(mkdtempSync(join(tmpdir(), 'wt-cdk-')));
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);

  test('cdk-nag AwsSolutionsChecks finds nothing in the example stacks', () => {
    const pack = new AwsSolutionsChecks(app);
    const violations = stacks.flatMap((s) => pack.validateScope(s).violations.map((v) => `${s.stackName} ${v.ruleName}: ${v.description}`));
    expect(violations).toEqual([]);
  });

  test('607 roles synthesize, spread so that no stack nears the 500-resource limit', () => {
    const counts = stacks.map((s) => Object.keys(Template.fromStack(s).toJSON().Resources ?? {}).length);
    expect(counts.every((n) => n <= ROLES_PER_STACK + 10)).toBe(true);
    const roles = stacks.reduce((n, s) => n + Object.keys(Template.fromStack(s).findResources('AWS::IAM::Role')).length, 0);
    // 600 ManyRoles, the GitHub deploy role, the EKS payments-api role, the HCP Terraform plan and apply roles,
    // and the blueprint's roles: web-prod and api-prod in 111111111111, api-prod in 222222222222.
    expect(roles).toBe(607);
  });

  test('the deploy role imports the provider and pins logical IDs', () => {
    const deploy = stacks.find((s) => s.stackName === 'AcmeAppDeploy')!;
    const template = Template.fromStack(deploy);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual(['DeployRole885297C3']);
  });

  test('the EKS stack creates the cluster\'s provider and pins logical IDs', () => {
    const eks = stacks.find((s) => s.stackName === 'PaymentsEks')!;
    const template = Template.fromStack(eks);
    // The provider is the cluster's own issuer; clients are the IRSA audience only.
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/8F3B6A1D2C4E5F60718293A4B5C6D7E8',
      ClientIdList: ['sts.amazonaws.com'],
    });
    expect(Object.keys(template.findResources('AWS::IAM::OIDCProvider'))).toEqual(['ClusterEB0386A7']);
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual(['PaymentsApiRole4CEA4455']);
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual(['LedgerB7379752']);
    // Key reads on the one table: no Scan, no writes.
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[{
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': ['LedgerB7379752', 'Arn'] },
    }]]);
  });

  test('the HCP Terraform stack creates its provider, with the TFC audience as client ID, and pins logical IDs', () => {
    const tfc = stacks.find((s) => s.stackName === 'InfraTerraformCloud')!;
    const template = Template.fromStack(tfc);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://app.terraform.io', ClientIdList: ['aws.workload.identity'] });
    expect(Object.keys(template.findResources('AWS::IAM::OIDCProvider'))).toEqual(['TerraformCloud00488D62']);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).sort()).toEqual(['ApplyRoleB37DD7F2', 'PlanRole42C4D327']);
    // Only the apply role may change records.
    const actions = (role: string) => Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((st: any) => [].concat(st.Action)));
    expect(actions('PlanRole42C4D327')).toEqual(['route53:GetHostedZone', 'route53:ListResourceRecordSets']);
    expect(actions('ApplyRoleB37DD7F2')).toEqual(['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets', 'route53:GetChange']);
  });

  test('the blueprint example makes one stack per account and region, creates each account\'s GitHub provider, and pins logical IDs and role names', () => {
    const ids = (name: string) => Object.entries(Template.fromStack(stacks.find((s) => s.stackName === name)!).toJSON().Resources)
      .map(([id, r]: [string, any]) => `${id} ${r.Type} ${r.Properties.RoleName ?? r.Properties.Url}`).sort();
    expect(ids('acme-platform-111111111111-eu-west-1')).toEqual([
      'Oidcgithub1CC6AAE1 AWS::IAM::OIDCProvider https://token.actions.githubusercontent.com',
      'RoleapiprodE6EB8610 AWS::IAM::Role acme-platform-api-prod',
      'Rolewebprod46EAFF68 AWS::IAM::Role acme-platform-web-prod',
    ]);
    expect(ids('acme-platform-222222222222-us-east-1')).toEqual([
      'Oidcgithub1CC6AAE1 AWS::IAM::OIDCProvider https://token.actions.githubusercontent.com',
      'RoleapiprodE6EB8610 AWS::IAM::Role acme-platform-api-prod',
    ]);
  });
});
