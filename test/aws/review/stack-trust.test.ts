import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { CfnRole, PolicyStatement, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { aws, awsReview, GitHubActions, TrustErrors } from '../../../src';
import '../../../src/jest';

const github = GitHubActions.issuer();
const repo = () => github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' });
const PROD = { sub: 'repo:acme/app:environment:prod', repository_id: '123456', repository_owner_id: '789' };
const PULL_REQUEST = { sub: 'repo:acme/app:pull_request', repository_id: '123456', repository_owner_id: '789' };

function deployStack(): { app: App; stack: Stack; role: aws.FederatedRole } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const provider = new aws.OidcProvider(stack, 'GitHub', { issuer: github });
  const role = new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [repo().onEnvironment('prod')] }) });
  return { app, stack, role };
}

const DEPLOY_SNAPSHOT = `aws-role Deploy7B206E61
  issuer: https://token.actions.githubusercontent.com
  via: GitHub38B7EEC4 (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)
  audiences: sts.amazonaws.com
  max session: 1 h
  rules:
    - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals one of ["repo:acme/app:environment:prod", "repo:acme@789/app@123456:environment:prod"]
  findings: none`;

describe('awsReview.StackTrust', () => {
  test('snapshot: who can get in, from the synthesized template', () => {
    // GIVEN
    const { stack } = deployStack();

    // THEN
    expect(awsReview.StackTrust.snapshot(stack)).toBe(DEPLOY_SNAPSHOT);
    expect(awsReview.StackTrust.matchesSnapshot(stack, `\n${DEPLOY_SNAPSHOT}\n`)).toEqual({ pass: true, certain: true, message: 'The trust snapshot matches.' });
  });

  test('matchesSnapshot shows the lines that differ', () => {
    const { stack } = deployStack();
    const result = awsReview.StackTrust.matchesSnapshot(stack, DEPLOY_SNAPSHOT.replace('max session: 1 h', 'max session: 15 min'));
    expect(result.pass).toBe(false);
    expect(result.message).toBe([
      'The trust snapshot differs (- expected, + actual):',
      '    via: GitHub38B7EEC4 (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)',
      '    audiences: sts.amazonaws.com',
      '-   max session: 15 min',
      '+   max session: 1 h',
      '    rules:',
      '      - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals one of ["repo:acme/app:environment:prod", "repo:acme@789/app@123456:environment:prod"]',
    ].join('\n'));
  });

  test('the template is the synthesized one: aspects apply', () => {
    // GIVEN an aspect that lengthens every role's sessions
    const { stack } = deployStack();
    const longer: IAspect = {
      visit: (node: IConstruct) => {
        if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::IAM::Role') (node as CfnRole).maxSessionDuration = 7200;
      },
    };
    Aspects.of(stack).add(longer);

    // THEN
    expect(awsReview.StackTrust.template(stack).Resources.Deploy7B206E61.Properties.MaxSessionDuration).toBe(7200);
    expect(awsReview.StackTrust.snapshot(stack)).toContain('max session: 2 h');
    expect(awsReview.StackTrust.snapshot(stack)).toContain('findings: WT105 (warning)');
  });

  test('every call synthesizes again: a statement added after an assertion counts', () => {
    // GIVEN
    const { stack, role } = deployStack();
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST).pass).toBe(false);

    // WHEN
    role.assumeRolePolicy!.addStatements(new PolicyStatement({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new WebIdentityPrincipal('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com')],
      conditions: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:repository_id': '123456' } },
    }));

    // THEN
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST).pass).toBe(true);
  });

  test('allowsToken: the prod token gets in with the default audience sts.amazonaws.com', () => {
    const { stack } = deployStack();
    const result = awsReview.StackTrust.allowsToken(stack, PROD);
    expect(result).toEqual({ pass: true, certain: true, message: expect.stringContaining('gets in as Deploy7B206E61 via GitHub38B7EEC4 (rule 1 (') });
  });

  test('allowsToken: a pull request, another audience or another issuer does not get in', () => {
    const { stack } = deployStack();
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST)).toEqual({ pass: false, certain: true, message: expect.stringContaining('no rule holds') });
    expect(awsReview.StackTrust.allowsToken(stack, PROD, { audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q' }).message)
      .toContain('audience');
    expect(awsReview.StackTrust.allowsToken(stack, { ...PROD, aud: 'other' }).pass).toBe(false);
    expect(awsReview.StackTrust.allowsToken(stack, { ...PROD, iss: 'https://gitlab.com' }).message).toContain('issuer');
  });

  test('allowsToken: the identity by construct path, logical ID or name', () => {
    // GIVEN a second role that admits pull requests
    const { stack } = deployStack();
    const provider = aws.OidcProvider.fromIssuer(stack, 'Imported', github);
    new aws.FederatedRole(stack, 'Plan', { provider, trust: github.trust({ rules: [repo().onPullRequest()] }), roleName: 'plan' });

    // THEN
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST).pass).toBe(true);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'Deploy' }).pass).toBe(false);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'Stack/Deploy' }).pass).toBe(false);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'Deploy/Resource' }).pass).toBe(false);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'Deploy7B206E61' }).pass).toBe(false);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'Plan' }).pass).toBe(true);
    expect(awsReview.StackTrust.allowsToken(stack, PULL_REQUEST, { identity: 'plan' }).pass).toBe(true);
  });

  test('allowsToken refuses to answer for an identity that is not there, or a construct without a role', () => {
    const { stack } = deployStack();
    const unknown = catchError(() => awsReview.StackTrust.allowsToken(stack, PROD, { identity: 'Deplyo' }));
    expect(TrustErrors.codeOf(unknown)).toBe('ReviewTestingUnknownIdentity');
    expect(unknown.message).toContain('"Deploy7B206E61"');
    expect(TrustErrors.codeOf(catchError(() => awsReview.StackTrust.allowsToken(stack, PROD, { identity: 'GitHub' })))).toBe('AwsReviewNotARole');
  });
});

describe('jest matchers on an aws-cdk-lib Stack', () => {
  test('toMatchTrustSnapshot: the trust text in the snapshot file, not the template', () => {
    const { stack } = deployStack();
    expect(stack).toMatchTrustSnapshot();
  });

  test('.not.toMatchTrustSnapshot is refused', () => {
    const { stack } = deployStack();
    expect(() => expect(stack).not.toMatchTrustSnapshot()).toThrow(/not supported/);
  });

  test('toAllowToken and .not.toAllowToken, with the identity as a construct', () => {
    const { stack, role } = deployStack();
    expect(stack).toAllowToken(PROD);
    expect(stack).toAllowToken(PROD, { identity: role });
    expect(stack).not.toAllowToken(PULL_REQUEST);
    expect(stack).not.toAllowToken(PROD, { audience: 'api://AzureADTokenExchange' });
  });

  test('failure messages say what the review found', () => {
    const { stack } = deployStack();
    expect(() => expect(stack).toAllowToken(PULL_REQUEST)).toThrow(/Expected the token to get in, but it does not\. .*no rule holds/);
    expect(() => expect(stack).not.toAllowToken(PROD)).toThrow(/Expected the token not to get in, but it does\. .*gets in as Deploy7B206E61/);
  });

  test('a review that cannot decide fails both ways', () => {
    // GIVEN a hand-written role with a condition the review does not model
    const stack = new Stack(new App(), 'Stack');
    const GH = 'token.actions.githubusercontent.com';
    new CfnRole(stack, 'Role', {
      assumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:repository_id`]: '123456' }, StringNotLike: { [`${GH}:ref`]: 'refs/pull/*' } },
        }],
      },
    });

    // THEN
    expect(() => expect(stack).toAllowToken({ repository_id: '123456', ref: 'refs/heads/main' })).toThrow(/cannot decide/);
    expect(() => expect(stack).not.toAllowToken({ repository_id: '123456', ref: 'refs/heads/main' })).toThrow(/cannot decide/);
    expect(stack).not.toAllowToken({ repository_id: '1' });
  });
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
