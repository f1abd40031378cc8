import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OpenIdConnectPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { aws, GitHubActions } from '../../src';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

describe('aws.OidcProvider', () => {
  test('a native AWS::IAM::OIDCProvider for the issuer URL, retained, without thumbprints', () => {
    // GIVEN
    const s = stack();

    // WHEN
    new aws.OidcProvider(s, 'GitHub', { issuer: GitHubActions.issuer() });

    // THEN
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResource('AWS::IAM::OIDCProvider', {
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: [], ThumbprintList: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('client IDs are the audiences of the roles that trust it, plus extra ones, without duplicates', () => {
    // GIVEN
    const s = stack();
    const github = GitHubActions.issuer();
    const provider = new aws.OidcProvider(s, 'GitHub', { issuer: github, clientIds: ['extra-client'], thumbprints: ['a'.repeat(40)], removalPolicy: RemovalPolicy.DESTROY });
    const rule = github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onBranch('main');

    // WHEN
    new aws.FederatedRole(s, 'A', { provider, trust: github.trust({ rules: [rule] }) });
    new aws.FederatedRole(s, 'B', { provider, trust: github.trust({ rules: [rule], audiences: ['custom-aud'], targetDefaultAudience: true }) });

    // THEN
    Template.fromStack(s).hasResource('AWS::IAM::OIDCProvider', {
      Properties: { ClientIdList: ['extra-client', 'sts.amazonaws.com', 'custom-aud'], ThumbprintList: ['a'.repeat(40)] },
      DeletionPolicy: 'Delete',
    });
    expect(provider.clientIds).toEqual(['extra-client', 'sts.amazonaws.com', 'custom-aud']);
  });

  test('tags reach the provider resource', () => {
    const s = stack();
    new aws.OidcProvider(s, 'GitHub', { issuer: GitHubActions.issuer() });
    Tags.of(s).add('owner', 'platform');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::OIDCProvider', { Tags: [{ Key: 'owner', Value: 'platform' }] });
  });

  test('more than 100 client IDs fail synth, naming the construct and the limit', () => {
    // GIVEN
    const s = stack();
    new aws.OidcProvider(s, 'GitHub', { issuer: GitHubActions.issuer(), clientIds: Array.from({ length: 101 }, (_, i) => `client-${i}`) });

    // WHEN / THEN
    expect(() => Template.fromStack(s)).toThrow(/\[Stack\/GitHub\] \[AwsInvalidClientIds\] the provider needs 101 client IDs.*at most 100/s);
  });

  test('a client ID over 255 characters fails synth', () => {
    const s = stack();
    new aws.OidcProvider(s, 'GitHub', { issuer: GitHubActions.issuer(), clientIds: ['x'.repeat(256)] });
    expect(() => Template.fromStack(s)).toThrow(/has 256 characters; IAM allows at most 255/);
  });

  test('it is an iam.IOidcProvider and an iam.IOpenIdConnectProvider', () => {
    // GIVEN
    const s = stack();
    const provider = new aws.OidcProvider(s, 'GitHub', { issuer: GitHubActions.enterprise('acme') });

    // WHEN: aws-cdk-lib's own principal accepts it
    new Role(s, 'Plain', { assumedBy: new OpenIdConnectPrincipal(provider) });

    // THEN
    expect(provider.oidcProviderIssuer).toBe('token.actions.githubusercontent.com/acme');
    expect(provider.openIdConnectProviderIssuer).toBe(provider.oidcProviderIssuer);
    expect(s.resolve(provider.openIdConnectProviderArn)).toEqual({ Ref: 'GitHub38B7EEC4' });
    expect(s.resolve(provider.oidcProviderRef.oidcProviderArn)).toEqual({ Ref: 'GitHub38B7EEC4' });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Federated: { Ref: 'GitHub38B7EEC4' } } }] },
    });
  });
});

describe('aws.OidcProvider.fromIssuer', () => {
  test('imports the account\'s existing provider by its ARN, creating nothing', () => {
    // GIVEN
    const s = stack();
    const github = GitHubActions.enterprise('acme');

    // WHEN
    const provider = aws.OidcProvider.fromIssuer(s, 'GitHub', github);
    new aws.FederatedRole(s, 'Deploy', { provider, trust: github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onBranch('main')] }) });

    // THEN
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(s.resolve(provider.oidcProviderArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme']],
    });
    expect(provider.managesClientIds).toBe(false);
    expect(provider.clientIds).toEqual(['sts.amazonaws.com']);
  });

  test('accepts an issuer URL', () => {
    const provider = aws.OidcProvider.fromIssuer(stack(), 'Generic', 'https://issuer.example.com/tenant');
    expect(provider.issuer.url).toBe('https://issuer.example.com/tenant');
    expect(provider.oidcProviderIssuer).toBe('issuer.example.com/tenant');
  });
});
