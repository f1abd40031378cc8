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

  test('600 roles synthesize, spread so that no stack nears the 500-resource limit', () => {
    const counts = stacks.map((s) => Object.keys(Template.fromStack(s).toJSON().Resources ?? {}).length);
    expect(counts.every((n) => n <= ROLES_PER_STACK + 10)).toBe(true);
    const roles = stacks.reduce((n, s) => n + Object.keys(Template.fromStack(s).findResources('AWS::IAM::Role')).length, 0);
    expect(roles).toBe(601);
  });

  test('the deploy role imports the provider and pins logical IDs', () => {
    const deploy = stacks.find((s) => s.stackName === 'AcmeAppDeploy')!;
    const template = Template.fromStack(deploy);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual(['DeployRole885297C3']);
  });
});
