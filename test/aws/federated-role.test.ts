import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { aws, ClaimCondition, Glob, GitHubActions, GoogleAccounts, OidcIssuer, SessionLifetime, TrustRule } from '../../src';
import { codeOf } from '../support/assertions';

const github = GitHubActions.issuer();
const app = () => github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' });
const PREFIX = 'token.actions.githubusercontent.com';

function setup(): { stack: Stack; provider: aws.OidcProvider } {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  return { stack, provider: new aws.OidcProvider(stack, 'GitHub', { issuer: github }) };
}

function trustOf(stack: Stack): any {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles)[0].Properties.AssumeRolePolicyDocument;
}

describe('aws.FederatedRole trust policy', () => {
  test('one Allow sts:AssumeRoleWithWebIdentity statement per rule, audience first, StringEquals for exact values', () => {
    // GIVEN
    const { stack, provider } = setup();

    // WHEN
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onEnvironment('prod'), app().onTagMatching('v*')] }) });

    // THEN
    expect(trustOf(stack)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: { Ref: 'GitHub38B7EEC4' } },
          Condition: {
            StringEquals: {
              [`${PREFIX}:aud`]: 'sts.amazonaws.com',
              [`${PREFIX}:sub`]: ['repo:acme/app:environment:prod', 'repo:acme@789/app@123456:environment:prod'],
              [`${PREFIX}:repository_id`]: '123456',
              [`${PREFIX}:repository_owner_id`]: '789',
            },
          },
        },
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: { Ref: 'GitHub38B7EEC4' } },
          Condition: {
            StringEquals: { [`${PREFIX}:aud`]: 'sts.amazonaws.com', [`${PREFIX}:repository_id`]: '123456', [`${PREFIX}:repository_owner_id`]: '789' },
            StringLike: { [`${PREFIX}:sub`]: ['repo:acme/app:ref:refs/tags/v*', 'repo:acme@789/app@123456:ref:refs/tags/v*'] },
          },
        },
      ],
    });
  });

  test('literal *, ? and $ inside patterns are escaped as ${*}, ${?}, ${$}', () => {
    // GIVEN a branch pattern whose literal part holds special characters
    const { stack, provider } = setup();
    const rule = TrustRule.allOf(
      ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal('repo:acme/app:ref:refs/heads/feat*?$'), Glob.anyRun())),
      ClaimCondition.equals('repository_id', '123456'),
    );

    // WHEN
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [rule], acknowledgements: [{ findingId: 'WT104', reason: 'test of escaping only' }] }) });

    // THEN
    expect(trustOf(stack).Statement[0].Condition.StringLike).toEqual({ [`${PREFIX}:sub`]: 'repo:acme/app:ref:refs/heads/feat${*}${?}${$}*' });
  });

  test('an exact value holding ${ moves to StringLike with every special character escaped', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onEnvironment('a${aws:username}*')] }) });
    expect(trustOf(stack).Statement[0].Condition.StringLike).toEqual({
      [`${PREFIX}:sub`]: ['repo:acme/app:environment:a${$}{aws%3Ausername}${*}', 'repo:acme@789/app@123456:environment:a${$}{aws%3Ausername}${*}'],
    });
  });

  test('two conditions on one claim still AND: equals are intersected, a second pattern uses ForAnyValue:StringLike', () => {
    // GIVEN
    const { stack, provider } = setup();
    const rule = TrustRule.allOf(
      ClaimCondition.equals('repository_id', '123456'),
      ClaimCondition.equals('sub', 'repo:acme/app:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/dev'),
      ClaimCondition.like('sub', '*:ref:refs/heads/main'),
      ClaimCondition.like('ref', 'refs/heads/*'),
      ClaimCondition.like('ref', '*/main'),
    );

    // WHEN
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [rule], acknowledgements: [{ findingId: 'WT102', reason: 'the exact sub condition fixes the owner' }] }) });

    // THEN
    expect(trustOf(stack).Statement[0].Condition).toEqual({
      'StringEquals': { [`${PREFIX}:aud`]: 'sts.amazonaws.com', [`${PREFIX}:repository_id`]: '123456', [`${PREFIX}:sub`]: 'repo:acme/app:ref:refs/heads/main' },
      'StringLike': { [`${PREFIX}:ref`]: 'refs/heads/*' },
      'ForAnyValue:StringLike': { [`${PREFIX}:ref`]: '*/main' },
    });
  });

  test('the key prefix keeps the enterprise path', () => {
    const stack = new Stack(new App(), 'Stack');
    const enterprise = GitHubActions.enterprise('acme');
    const provider = new aws.OidcProvider(stack, 'GitHub', { issuer: enterprise });
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: enterprise.trust({ rules: [enterprise.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onBranch('main')] }) });
    expect(Object.keys(trustOf(stack).Statement[0].Condition.StringEquals)).toEqual([
      'token.actions.githubusercontent.com/acme:aud', 'token.actions.githubusercontent.com/acme:sub',
      'token.actions.githubusercontent.com/acme:repository_id', 'token.actions.githubusercontent.com/acme:repository_owner_id',
    ]);
  });

  test('explicit audiences replace the default unless the target default is kept', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onBranch('main')], audiences: ['a', 'b'] }) });
    expect(trustOf(stack).Statement[0].Condition.StringEquals[`${PREFIX}:aud`]).toEqual(['a', 'b']);
  });
});

describe('aws.FederatedRole is an iam.Role', () => {
  test('grants, addToPolicy, managed and inline policies, boundary, path, name and description work', () => {
    // GIVEN
    const { stack, provider } = setup();
    const boundary = new ManagedPolicy(stack, 'Boundary', { statements: [new PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });

    // WHEN
    const role = new aws.FederatedRole(stack, 'Deploy', {
      provider,
      trust: github.trust({ rules: [app().onBranch('main')] }),
      roleName: 'acme-app-deploy',
      description: 'Deploys acme/app',
      path: '/ci/',
      permissionsBoundary: boundary,
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      inlinePolicies: { logs: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] })] }) },
    });
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
    new Bucket(stack, 'Artifacts').grantRead(role);

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-app-deploy',
      Description: 'Deploys acme/app',
      Path: '/ci/',
      PermissionsBoundary: { Ref: Match.stringLikeRegexp('Boundary') },
      ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
      Policies: [Match.objectLike({ PolicyName: 'logs' })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage' }), Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
      Roles: [{ Ref: 'Deploy7B206E61' }],
    });
    expect(role.trust.rules).toHaveLength(1);
  });
});

describe('aws.FederatedRole stable logical IDs', () => {
  test('provider, role and default policy IDs are pinned', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onBranch('main')] }) }).addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: ['*'] }));
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources).sort()).toEqual(['Deploy7B206E61', 'DeployDefaultPolicy91C373CD', 'GitHub38B7EEC4']);
  });
});

describe('aws.FederatedRole session lifetime', () => {
  test('a lifetime over one hour becomes MaxSessionDuration, with the WT105 warning', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onBranch('main')], maxSession: SessionLifetime.hours(2) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 7200 });
    Annotations.fromStack(stack).hasWarning('/Stack/Deploy', Match.stringLikeRegexp('WT105 Session longer than one hour'));
  });

  test('a lifetime under one hour keeps IAM\'s 1 h minimum and warns that callers must request it', () => {
    const { stack, provider } = setup();
    const role = new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onBranch('main')], maxSession: SessionLifetime.minutes(20) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600 });
    expect(role.sessionDurationSeconds).toBe(1200);
    Annotations.fromStack(stack).hasWarning('/Stack/Deploy', Match.stringLikeRegexp('role-duration-seconds: 1200'));
  });

  test('acknowledged findings appear as info with their reason; warnings as warnings', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [github.repository('acme/app').onPullRequest()] }) });
    Annotations.fromStack(stack).hasInfo('/Stack/Deploy', Match.stringLikeRegexp('WT104.*acknowledged: pull requests admitted explicitly'));
    Annotations.fromStack(stack).hasWarning('/Stack/Deploy', Match.stringLikeRegexp('WT106'));
  });
});

describe('aws.FederatedRole fails closed', () => {
  test('a claim STS cannot check for the issuer fails, naming the checkable claims', () => {
    const { stack, provider } = setup();
    const rule = app().onBranch('main').and(ClaimCondition.equals('event_name', 'push'));
    let message = '';
    try {
      new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [rule] }) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\[AwsUnsupportedClaim\] Stack\/Deploy: Rule 1 .* checks the claim "event_name", which AWS STS cannot check/);
    expect(message).toContain('repository_id');
    expect(message).toContain('Fix:');
  });

  test.each([
    ['a ? wildcard', TrustRule.allOf(ClaimCondition.equals('repository_id', '1'), ClaimCondition.like('sub', 'repo:acme/app:ref:refs/tags/v?')), 'AwsUnsupportedWildcard'],
    ['a character outside Latin-1', TrustRule.allOf(ClaimCondition.equals('repository_id', '1'), ClaimCondition.equals('sub', 'repo:acme/app:ref:refs/heads/😀')), 'AwsUnwritableCharacter'],
    ['three patterns on one claim', TrustRule.allOf(ClaimCondition.equals('repository_id', '1'), ClaimCondition.like('sub', 'repo:acme/app:*'), ClaimCondition.like('sub', '*:ref:*'), ClaimCondition.like('sub', '*main')), 'AwsTooManyConditionsOnClaim'],
    ['equals with no common value', TrustRule.allOf(ClaimCondition.equals('repository_id', '1'), ClaimCondition.equals('repository_id', '2')), 'AwsUnsatisfiableRule'],
  ])('%s is refused', (_what, rule, code) => {
    const { stack, provider } = setup();
    const trust = github.trust({ rules: [rule], acknowledgements: ['WT101', 'WT102', 'WT104', 'WT107'].map((findingId) => ({ findingId, reason: 'testing the compiler only' })) });
    expect(codeOf(() => new aws.FederatedRole(stack, 'Deploy', { provider, trust }))).toBe(code);
  });

  test('a generic issuer checks only the generic claims', () => {
    const stack = new Stack(new App(), 'Stack');
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com');
    const provider = new aws.OidcProvider(stack, 'P', { issuer });
    const trust = issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('sub', 'x'), ClaimCondition.equals('team', 'a'))] });
    expect(codeOf(() => new aws.FederatedRole(stack, 'R', { provider, trust }))).toBe('AwsUnsupportedClaim');
  });

  test('Google accounts as issuer is refused until IAM\'s azp/oaud reading is modelled', () => {
    const stack = new Stack(new App(), 'Stack');
    const google = GoogleAccounts.issuer();
    const provider = aws.OidcProvider.fromIssuer(stack, 'Google', google);
    const trust = google.trust({ rules: [google.serviceAccount('123456789012345678901')], audiences: ['sts.amazonaws.com'] });
    expect(codeOf(() => new aws.FederatedRole(stack, 'R', { provider, trust }))).toBe('AwsUnsupportedIssuer');
  });

  test('a provider of another issuer is refused', () => {
    const { stack, provider } = setup();
    const other = GitHubActions.enterprise('acme');
    const trust = other.trust({ rules: [other.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onBranch('main')] });
    expect(codeOf(() => new aws.FederatedRole(stack, 'R', { provider, trust }))).toBe('AwsIssuerMismatch');
  });

  test.each([['x'.repeat(65)], ['has space'], ['slash/name']])('role name %j is refused', (roleName) => {
    const { stack, provider } = setup();
    expect(codeOf(() => new aws.FederatedRole(stack, 'R', { provider, roleName, trust: github.trust({ rules: [app().onBranch('main')] }) }))).toBe('AwsInvalidRoleName');
  });
});

describe('aws.FederatedRole trust policy size', () => {
  const manyRules = (n = 6) => Array.from({ length: n }, (_, i) => app().onEnvironment(`environment-number-${i}`));

  test('over the default 2,048 quota fails synth with the size and the largest parts', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: manyRules() }) });
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Deploy\] \[AwsTrustPolicyTooLarge\] the compiled trust policy has \d{4} characters .* over the quota of 2048\. Largest parts: statement \d+ StringEquals token\.actions\.githubusercontent\.com:sub/);
  });

  test('a raised quota admits it; the quota is checked against the longest partition', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: manyRules() }), trustPolicySizeQuota: 4096 });
    const doc = trustOf(stack);
    expect(doc.Statement).toHaveLength(6);
    const minified = JSON.stringify({ ...doc, Statement: doc.Statement.map((s: any) => ({ ...s, Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${PREFIX}` } })) });
    expect(minified.length).toBeGreaterThan(2048);
    expect(minified.length).toBeLessThanOrEqual(4096);
  });

  test.each([[1024, false], [4097, false], [2048.5, false]])('quota %d (confirmed: %s) is refused', (quota, confirmed) => {
    const { stack, provider } = setup();
    expect(codeOf(() => new aws.FederatedRole(stack, 'R', { provider, trustPolicySizeQuota: quota, trustPolicySizeQuotaConfirmed: confirmed, trust: github.trust({ rules: [app().onBranch('main')] }) }))).toBe('AwsInvalidQuota');
  });

  test('a quota over 4,096 needs the explicit confirmation', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'R', { provider, trustPolicySizeQuota: 8192, trustPolicySizeQuotaConfirmed: true, trust: github.trust({ rules: manyRules(12) }) });
    expect(trustOf(stack).Statement).toHaveLength(12);
  });
});

describe('aws.FederatedRole with other principals in the account', () => {
  test('does not disturb roles assumed by services', () => {
    const { stack, provider } = setup();
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [app().onBranch('main')] }) });
    new Role(stack, 'Service', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 2);
  });
});
