import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DR_ACCOUNT, GITHUB, githubToken, platformBlueprint, PROD_ACCOUNT } from './support';
import { aws, blueprint, ClaimCondition, SessionLifetime, TrustRule } from '../../src';
import { iamAllows } from '../aws/support/iam-evaluator';
import { errorOf } from '../support/assertions';

const GITHUB_KEY = 'token.actions.githubusercontent.com';

function providerArn(account: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${GITHUB_KEY}`;
}

/** The trust policy of a role with the provider reference (a Ref or an ARN join) replaced by the provider ARN. */
function trustDocument(stack: Stack, roleLogicalId: string): any {
  const template = Template.fromStack(stack).toJSON();
  const document = JSON.parse(JSON.stringify(template.Resources[roleLogicalId].Properties.AssumeRolePolicyDocument));
  for (const statement of document.Statement) statement.Principal = { Federated: providerArn(stack.account) };
  return document;
}

/** What IAM decides for a GitHub token presented to the role (the claims become condition keys). */
function iamDecision(document: any, account: string, claims: { [claim: string]: any }): boolean {
  const context: { [key: string]: string } = {};
  for (const [claim, value] of Object.entries(claims)) if (claim !== 'iss' && value !== undefined) context[`${GITHUB_KEY}:${claim}`] = String(value);
  return iamAllows(document, context, { federated: providerArn(account) });
}

describe('TrustBlueprint.toAws', () => {
  const app = new App();
  const out = platformBlueprint().toAws(app);
  const [prod, dr] = out.stacks;

  test('one stack per account and region, named <blueprint>-<account>-<region>, in declaration order', () => {
    expect(out.stacks.map((s) => s.node.id)).toEqual(['acme-platform-111111111111-eu-west-1', 'acme-platform-222222222222-us-east-1']);
    expect([prod.account, prod.region, dr.account, dr.region]).toEqual([PROD_ACCOUNT, 'eu-west-1', DR_ACCOUNT, 'us-east-1']);
    expect(out.stackFor(DR_ACCOUNT, 'us-east-1')).toBe(dr);
  });

  test('logical IDs and role names are pinned: renaming them would replace roles that pipelines use', () => {
    const ids = (s: Stack) => Object.entries(Template.fromStack(s).toJSON().Resources).map(([id, r]: [string, any]) => `${id} ${r.Type}`).sort();
    expect(ids(prod)).toEqual([
      'Oidcgithub1CC6AAE1 AWS::IAM::OIDCProvider',
      'RoleapiprodE6EB8610 AWS::IAM::Role',
      'Rolewebprod46EAFF68 AWS::IAM::Role',
    ]);
    expect(ids(dr)).toEqual(['Oidcgithub1CC6AAE1 AWS::IAM::OIDCProvider', 'RoleapiprodE6EB8610 AWS::IAM::Role']);
    Template.fromStack(prod).hasResourceProperties('AWS::IAM::Role', { RoleName: 'acme-platform-api-prod' });
    Template.fromStack(prod).hasResourceProperties('AWS::IAM::Role', { RoleName: 'acme-platform-web-prod' });
  });

  test('roles and providers carry the blueprint, owner and workload tags', () => {
    Template.fromStack(prod).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-platform-web-prod',
      Tags: Match.arrayWith([
        { Key: 'workload-trust:blueprint', Value: 'acme-platform' },
        { Key: 'workload-trust:owner', Value: 'platform-team' },
        { Key: 'workload-trust:workload', Value: 'web-prod' },
      ]),
    });
    Template.fromStack(dr).hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
      Tags: [{ Key: 'workload-trust:blueprint', Value: 'acme-platform' }, { Key: 'workload-trust:owner', Value: 'platform-team' }],
    });
  });

  test('policies: inline documents and managed policy ARNs as declared, per target', () => {
    Template.fromStack(prod).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-platform-web-prod',
      Policies: [{ PolicyName: 'invalidate-cdn', PolicyDocument: { Statement: [Match.objectLike({ Action: 'cloudfront:CreateInvalidation' })] } }],
    });
    Template.fromStack(dr).hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: ['arn:aws:iam::222222222222:policy/api-deploy'] });
  });

  test('one session lifetime: 30 minutes, which IAM cannot enforce below an hour, so the synth says what callers must request', () => {
    Template.fromStack(prod).allResourcesProperties('AWS::IAM::Role', { MaxSessionDuration: 3600 });
    expect(out.roleFor('api-prod', DR_ACCOUNT, 'us-east-1').sessionDurationSeconds).toBe(1800);
    Annotations.fromStack(prod).hasWarning('/acme-platform-111111111111-eu-west-1/Role-api-prod', Match.stringLikeRegexp('DurationSeconds=1800'));
  });

  test('the trust is the workload\'s, judged by an independent IAM evaluator: its prod jobs in, everything else out', () => {
    const api = trustDocument(prod, 'RoleapiprodE6EB8610');
    const web = trustDocument(prod, 'Rolewebprod46EAFF68');
    const apiToken = githubToken('acme/api', '200002');
    expect(iamDecision(api, PROD_ACCOUNT, apiToken)).toBe(true);
    expect(iamDecision(web, PROD_ACCOUNT, apiToken)).toBe(false);
    expect(iamDecision(web, PROD_ACCOUNT, githubToken('acme/web', '200001'))).toBe(true);
    expect(iamDecision(api, PROD_ACCOUNT, { ...apiToken, repository_id: '999' })).toBe(false);
    expect(iamDecision(api, PROD_ACCOUNT, { ...apiToken, sub: 'repo:acme/api:pull_request' })).toBe(false);
    expect(iamDecision(api, PROD_ACCOUNT, { ...apiToken, aud: 'api://AzureADTokenExchange' })).toBe(false);
    // The same declaration in both accounts.
    expect(trustDocument(dr, 'RoleapiprodE6EB8610')).toEqual({ ...api, Statement: api.Statement.map((s: any) => ({ ...s, Principal: { Federated: providerArn(DR_ACCOUNT) } })) });
  });

  test('the trust policy is the one aws.FederatedRole compiles for the workload\'s TrustPolicy', () => {
    const stack = new Stack(new App(), 'Reference', { env: { account: PROD_ACCOUNT, region: 'eu-west-1' } });
    const provider = new aws.OidcProvider(stack, 'Oidc-github', { issuer: GITHUB });
    new aws.FederatedRole(stack, 'Role-api-prod', { provider, trust: out.roleFor('api-prod', PROD_ACCOUNT, 'eu-west-1').trust });
    const reference = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument;
    expect(Template.fromStack(prod).toJSON().Resources.RoleapiprodE6EB8610.Properties.AssumeRolePolicyDocument).toEqual(reference);
  });
});

describe('OIDC providers', () => {
  function twoRegions(props: Partial<blueprint.AwsBlueprintSettings> = {}, audiences?: string[]) {
    const bp = new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team', aws: { oidcProviders: blueprint.OidcProviderMode.CREATE, ...props } });
    const github = bp.addIssuer('github', GITHUB);
    bp.addWorkload('api-prod', { issuer: github, rules: [GITHUB.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' });
    bp.addWorkload('api-us', { issuer: github, audiences, rules: [GITHUB.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('us')] })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'us-east-1' });
    return bp.toAws(new App());
  }

  test('CREATE: IAM has one provider per issuer per account, so the first region creates it and the others import it and depend on that stack', () => {
    const { stacks: [eu, us] } = twoRegions({}, ['custom-audience']);
    Template.fromStack(eu).resourceCountIs('AWS::IAM::OIDCProvider', 1);
    Template.fromStack(us).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(us.dependencies).toEqual([eu]);
    // The created provider lists the audiences of the account's roles in every region.
    Template.fromStack(eu).hasResourceProperties('AWS::IAM::OIDCProvider', { ClientIdList: ['sts.amazonaws.com', 'custom-audience'] });
    Template.fromStack(us).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: { 'Fn::Join': ['', Match.arrayWith([':iam::111111111111:oidc-provider/token.actions.githubusercontent.com'])] } } })] },
    });
  });

  test('CREATE with providerRegion: the providers stay in that region\'s stack, which exists even without roles', () => {
    const { stacks } = twoRegions({ providerRegion: 'us-east-1' });
    const us = stacks.find((s) => s.region === 'us-east-1')!;
    const eu = stacks.find((s) => s.region === 'eu-west-1')!;
    Template.fromStack(us).resourceCountIs('AWS::IAM::OIDCProvider', 1);
    Template.fromStack(eu).resourceCountIs('AWS::IAM::OIDCProvider', 0);

    const bp = new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team', aws: { oidcProviders: blueprint.OidcProviderMode.CREATE, providerRegion: 'us-west-2' } });
    const github = bp.addIssuer('github', GITHUB);
    bp.addWorkload('api-prod', { issuer: github, rules: [GITHUB.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' });
    const out = bp.toAws(new App());
    expect(out.stacks.map((s) => s.node.id)).toEqual(['acme-platform-111111111111-eu-west-1', 'acme-platform-111111111111-us-west-2']);
    Template.fromStack(out.stacks[1]).resourceCountIs('AWS::IAM::OIDCProvider', 1);
  });

  test('IMPORT (the default): no provider resource, roles trust the account\'s existing provider by ARN', () => {
    const { stacks } = platformBlueprint({ aws: {} }).toAws(new App());
    for (const stack of stacks) Template.fromStack(stack).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(stacks[1].dependencies).toEqual([]);
  });

  test('a passed stack is used for its account and region, and its own provider for the issuer is reused', () => {
    const app = new App();
    const mine = new Stack(app, 'Mine', { env: { account: PROD_ACCOUNT, region: 'eu-west-1' } });
    const existing = new aws.OidcProvider(mine, 'GitHub', { issuer: GITHUB });
    const out = platformBlueprint().toAws(app, { stacks: [mine] });
    expect(out.stacks[0]).toBe(mine);
    expect(out.stacks[1].node.id).toBe('acme-platform-222222222222-us-east-1');
    Template.fromStack(mine).resourceCountIs('AWS::IAM::OIDCProvider', 1);
    const roles = Template.fromStack(mine).findResources('AWS::IAM::Role');
    const providerId = mine.getLogicalId(existing.resource);
    const principals = Object.values<any>(roles).map((role) => role.Properties.AssumeRolePolicyDocument.Statement[0].Principal);
    expect(principals).toEqual([{ Federated: { Ref: providerId } }, { Federated: { Ref: providerId } }]);
  });
});

describe('settings', () => {
  test('permissions boundary: the blueprint default, unless a target names its own; role path', () => {
    const bp = new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team', aws: { permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/ci-boundary', rolePath: '/ci/' } });
    const github = bp.addIssuer('github', GITHUB);
    const rule = GITHUB.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod');
    bp.addWorkload('api-prod', { issuer: github, rules: [rule] })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' })
      .addAwsRole({ account: DR_ACCOUNT, region: 'eu-west-1', permissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/dr-boundary' });
    const [a, b] = bp.toAws(new App()).stacks;
    Template.fromStack(a).hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: 'arn:aws:iam::111111111111:policy/ci-boundary', Path: '/ci/' });
    Template.fromStack(b).hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: 'arn:aws:iam::222222222222:policy/dr-boundary' });
  });

  test('into a Stage (e.g. a CDK Pipelines stage per environment): the stacks are the stage\'s', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const out = platformBlueprint().toAws(stage);
    expect(out.stacks.map((s) => s.node.path)).toEqual(['Prod/acme-platform-111111111111-eu-west-1', 'Prod/acme-platform-222222222222-us-east-1']);
    expect(stage.synth().stacks.map((s) => s.stackName)).toEqual(['Prod-acme-platform-111111111111-eu-west-1', 'Prod-acme-platform-222222222222-us-east-1']);
  });

  test('stackProps reach the stacks the blueprint creates', () => {
    const out = platformBlueprint().toAws(new App(), { stackProps: { terminationProtection: true, description: 'CI trust' } });
    expect(out.stacks.every((s) => s.terminationProtection && s.templateOptions.description === 'CI trust')).toBe(true);
  });
});

describe('refusals name the blueprint, workload and target', () => {
  const bp = () => new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team' });
  const rule = GITHUB.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod');
  const workload = () => {
    const b = bp();
    return b.addWorkload('api-prod', { issuer: b.addIssuer('github', GITHUB), rules: [rule] });
  };

  test.each([
    ['a blueprint name with capitals', () => new blueprint.TrustBlueprint({ name: 'Acme', owner: 'x' }), 'BlueprintInvalidName', /"Acme".*4 to 32 lowercase/],
    ['a reserved gcp- prefix', () => new blueprint.TrustBlueprint({ name: 'gcp-ci', owner: 'x' }), 'BlueprintInvalidName', /gcp-/],
    ['an owner with a character tags refuse', () => new blueprint.TrustBlueprint({ name: 'acme-ci', owner: 'team <ops>' }), 'BlueprintInvalidName', /owner.*"team <ops>"/],
    ['a workload name too long for role names', () => { const b = bp(); b.addWorkload('a'.repeat(32), { issuer: b.addIssuer('github', GITHUB), rules: [rule] }); }, 'BlueprintInvalidName', /2 to 31/],
    ['an issuer name that is no provider ID', () => bp().addIssuer('GH', GITHUB), 'BlueprintInvalidName', /issuer name "GH"/],
    ['the same issuer twice', () => { const b = bp(); b.addIssuer('github', GITHUB); b.addIssuer('github-2', GITHUB); }, 'BlueprintDuplicate', /same URL/],
    ['the same workload twice', () => { const b = bp(); const i = b.addIssuer('github', GITHUB); b.addWorkload('api', { issuer: i, rules: [rule] }); b.addWorkload('api', { issuer: i, rules: [rule] }); }, 'BlueprintDuplicate', /"api": the name is taken/],
    ['an issuer of another blueprint', () => { const other = bp().addIssuer('github', GITHUB); bp().addWorkload('api', { issuer: other, rules: [rule] }); }, 'BlueprintUnknownReference', /not added to this blueprint/],
    ['an account ID written as a number lost its leading zero', () => workload().addAwsRole({ account: '12345678901', region: 'eu-west-1' }), 'BlueprintInvalidAwsTarget', /workload "api-prod", AWS role in "12345678901".*12 digits/],
    ['a region display name', () => workload().addAwsRole({ account: PROD_ACCOUNT, region: 'Ireland' }), 'BlueprintInvalidAwsTarget', /"Ireland" is not an AWS region code/],
    ['a policy name instead of an ARN', () => workload().addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1', managedPolicyArns: ['ReadOnlyAccess'] }), 'BlueprintInvalidAwsTarget', /managedPolicyArns: "ReadOnlyAccess"/],
    ['two roles in one account and region', () => workload().addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' }).addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' }), 'BlueprintDuplicate', /already has a role/],
    ['a project number instead of an ID', () => workload().addGoogleServiceAccount({ project: '123456789012' }), 'BlueprintInvalidGoogleTarget', /"123456789012" is not a Google Cloud project ID/],
    ['a service account ID that the workload name cannot default', () => workload().addGoogleServiceAccount({ project: 'acme-prod', accountId: 'sa' }), 'BlueprintInvalidGoogleTarget', /"sa" is not a service account ID/],
    ['a role without the roles/ prefix', () => workload().addGoogleProjectRoles({ project: 'acme-prod', roles: ['storage.admin'] }), 'BlueprintInvalidGoogleTarget', /"storage.admin" is not a Google Cloud IAM role name/],
    ['no project role', () => workload().addGoogleProjectRoles({ project: 'acme-prod', roles: [] }), 'BlueprintInvalidGoogleTarget', /no role is given/],
  ])('%s', (_, fn, code, message) => {
    const error = errorOf(fn);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Fix: /);
  });

  test('a rule the lint refuses fails at addWorkload, naming the blueprint and workload', () => {
    const b = bp();
    const error = errorOf(() => b.addWorkload('everyone', { issuer: b.addIssuer('github', GITHUB), rules: [TrustRule.allOf(ClaimCondition.like('sub', '*'))] }));
    expect(error.code).toBe('UnacknowledgedFindings');
    expect(error.message).toMatch(/^\[UnacknowledgedFindings\] Blueprint "acme-platform", workload "everyone": /);
  });

  test('IAM role names are unique per account across regions: the default name twice in one account is refused', () => {

    const b = bp();
    b.addWorkload('api-prod', { issuer: b.addIssuer('github', GITHUB), rules: [rule] })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1' })
      .addAwsRole({ account: PROD_ACCOUNT, region: 'us-east-1' });
    const error = errorOf(() => b.toAws(new App()));
    expect(error.code).toBe('BlueprintDuplicate');
    expect(error.message).toMatch(/^\[BlueprintDuplicate\] Blueprint "acme-platform", AWS: the role name "acme-platform-api-prod" is used twice in account 111111111111/);
  });

  test('a passed stack without a literal account and region, or two for one environment, is refused', () => {
    const app = new App();
    expect(errorOf(() => platformBlueprint().toAws(app, { stacks: [new Stack(app, 'Agnostic')] })).code).toBe('BlueprintInvalidStack');
    const env = { account: PROD_ACCOUNT, region: 'eu-west-1' };
    expect(errorOf(() => platformBlueprint().toAws(new App(), { stacks: [new Stack(app, 'A', { env }), new Stack(app, 'B', { env })] })).message).toMatch(/both in account 111111111111/);
  });

  test('targets added after the stacks were produced would be missing from them: refused', () => {
    const b = platformBlueprint();
    b.toAws(new App());
    expect(errorOf(() => b.workload('api-prod').addAwsRole({ account: DR_ACCOUNT, region: 'eu-west-1' })).code).toBe('BlueprintAlreadyProduced');
    expect(errorOf(() => b.addIssuer('other', GITHUB)).code).toBe('BlueprintAlreadyProduced');
  });

  test('lookups of what does not exist say what does', () => {
    const out = platformBlueprint().toAws(new App());
    expect(errorOf(() => out.roleFor('data-pipeline', PROD_ACCOUNT, 'eu-west-1')).code).toBe('BlueprintUnknownReference');
    expect(errorOf(() => out.stackFor(PROD_ACCOUNT, 'us-west-2')).message).toMatch(/111111111111 eu-west-1/);
    expect(errorOf(() => platformBlueprint().workload('nope')).message).toMatch(/"web-prod","api-prod","data-pipeline"/);
  });

  test('a session over an hour sets MaxSessionDuration to it on every role', () => {
    const out = platformBlueprint({ maxSession: SessionLifetime.hours(2) }).toAws(new App());
    for (const stack of out.stacks) Template.fromStack(stack).allResourcesProperties('AWS::IAM::Role', { MaxSessionDuration: 7200 });
  });
});
