import { AUD, DEPLOYER, googleConfig, GH, IDS, OWNER_CONDITION, POOL_SET, PROD_SUB, role, saBinding, statement, template } from './fixtures';
import { review, TrustErrors } from '../../../src';

const PINNED = { ...AUD, ...IDS, ...PROD_SUB };

describe('review.TrustSnapshot', () => {
  test('one block per identity: issuer, provider, audiences, session, rules in normal form, findings', () => {
    // GIVEN two ways in, written in a different order and spelling than the normal form
    const t = template({
      Deploy: role([
        statement({ StringEquals: { ...AUD, [`${GH}:sub`]: ['repo:acme/app:ref:refs/heads/main'], ...IDS } }),
        statement({ StringLike: { [`${GH}:sub`]: 'repo:acme/app:environment:prod' }, StringEquals: { ...IDS, ...AUD } }),
      ], { MaxSessionDuration: 900, RoleName: 'deploy' }),
    });

    // THEN
    expect(review.TrustSnapshot.of(t)).toBe([
      'aws-role deploy',
      '  address: Deploy',
      '  issuer: https://token.actions.githubusercontent.com',
      `  via: ${'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'}`,
      '  audiences: sts.amazonaws.com',
      '  max session: 15 min',
      '  rules:',
      '    - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:environment:prod"',
      '    - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:ref:refs/heads/main"',
      '  findings: none',
    ].join('\n'));
  });

  test('stable: the order of resources and statements does not change the text', () => {
    const a = role([statement({ StringEquals: PINNED })]);
    const b = role([statement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:pull_request' } }), statement({ StringEquals: { ...AUD } })]);
    const b2 = role([statement({ StringEquals: { ...AUD } }), statement({ StringEquals: { [`${GH}:sub`]: 'repo:acme/app:pull_request', ...AUD } })]);
    const one = review.TrustSnapshot.of(template({ A: a, B: b }));
    expect(review.TrustSnapshot.of(template({ B: b2, A: a }))).toBe(one);
    expect(one.split('\n').filter((l) => l.startsWith('aws-role'))).toEqual(['aws-role A', 'aws-role B']);
    expect(one).toContain('  findings: WT101 (error), WT104 (error), WT106 (warning)');
  });

  test('what the review could not read is shown, with the raw text on one line', () => {
    const t = template({ R: role([statement({ StringEquals: PINNED, StringNotLike: { [`${GH}:ref`]: 'refs/pull/*\nx' } })]) });
    const text = review.TrustSnapshot.of(t);
    expect(text).toContain('    - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:environment:prod" (and parts the review could not read)');
    expect(text).toContain('  not understood:\n    - unknown-operator: StringNotLike: {"token.actions.githubusercontent.com:ref":"refs/pull/*\\nx"}');
    expect(text).toContain('  findings: WT206 (warning)');
  });

  test('a way in without an audience check: any client ID of the provider', () => {
    const t = template({
      P: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: `https://${GH}`, ClientIdList: ['sts.amazonaws.com', 'other'] } },
      R: { ...role([]), Properties: { AssumeRolePolicyDocument: { Statement: [{ ...statement({ StringEquals: { ...IDS, ...PROD_SUB } }), Principal: { Federated: { Ref: 'P' } } }] } } },
    });
    expect(review.TrustSnapshot.of(t)).toContain('  audiences: any client ID of the provider (other, sts.amazonaws.com) through a way in without an audience check');
  });

  test('identities without web identity trust are left out unless asked for', () => {
    const t = template({
      Lambda: role([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    expect(review.TrustSnapshot.of(t)).toBe('no identity trusts web identity tokens');
    expect(review.TrustSnapshot.of(t, { includeNonFederated: true })).toBe([
      'aws-role Lambda',
      '  trusts: Service: lambda.amazonaws.com (sts:AssumeRole)',
      '  findings: none',
    ].join('\n'));
  });

  test('Google: the binding\'s member, role and provider; the provider\'s own resource name as audience', () => {
    const config = googleConfig({ attribute_condition: OWNER_CONDITION }, saBinding(`${POOL_SET}/attribute.repository_id/123456`));
    expect(review.TrustSnapshot.of(config)).toBe([
      `google-service-account ${DEPLOYER}`,
      '  address: google_service_account_iam_member.deployer',
      '  role: roles/iam.workloadIdentityUser',
      `  member: ${POOL_SET}/attribute.repository_id/123456`,
      '  issuer: https://token.actions.githubusercontent.com',
      '  via: google_iam_workload_identity_pool_provider.github (pool ci-pool, provider github)',
      '  audiences: the provider\'s resource name',
      '  max session: 1 h',
      '  rules:',
      '    - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:environment:prod"',
      '  findings: none',
    ].join('\n'));
  });

  test('findings outside any identity (a provider nothing is granted through) get their own block', () => {
    const text = review.TrustSnapshot.of(googleConfig({}));
    expect(text).toBe([
      'outside any identity',
      '  findings:',
      '    - WT203 (error) at resource.google_iam_workload_identity_pool_provider.github',
    ].join('\n'));
  });

  test('input: a TrustReport, a template object or its JSON text', () => {
    const t = template({ R: role([statement({ StringEquals: PINNED })]) });
    const text = review.TrustSnapshot.of(t);
    expect(review.TrustSnapshot.of(JSON.stringify(t))).toBe(text);
    expect(review.TrustSnapshot.of(review.TrustReview.cloudFormation(t, 'x.json'))).toBe(text);
    expect(review.TrustSnapshot.ofReport(review.TrustReview.cloudFormation(t, 'y.json'))).toBe(text);
  });

  test('input that is not a report, template or configuration is refused with a code', () => {
    for (const bad of [{}, [], 'not json', 42, { Foo: 1 }]) {
      expect(TrustErrors.codeOf(catchError(() => review.TrustSnapshot.of(bad)))).toBe('ReviewTestingUnknownInput');
    }
    expect(catchError(() => review.TrustSnapshot.of({ Foo: 1 })).message).toContain('an object with "Foo"');
  });
});

describe('review.TrustAssertions.matchesSnapshot', () => {
  const t = template({ R: role([statement({ StringEquals: PINNED })]) });

  test('passes on the same text, blank space around it ignored', () => {
    expect(review.TrustAssertions.matchesSnapshot(t, `\n\n${review.TrustSnapshot.of(t)}\n`)).toEqual({ pass: true, certain: true, message: 'The trust snapshot matches.' });
  });

  test('fails with the lines that differ, and two lines of context', () => {
    const expected = review.TrustSnapshot.of(t).replace('max session: 1 h', 'max session: 2 h');
    const result = review.TrustAssertions.matchesSnapshot(t, expected);
    expect(result.pass).toBe(false);
    expect(result.message).toBe([
      'The trust snapshot differs (- expected, + actual):',
      '    via: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      '    audiences: sts.amazonaws.com',
      '-   max session: 2 h',
      '+   max session: 1 h',
      '    rules:',
      '      - repository_id equals "123456" AND repository_owner_id equals "789" AND sub equals "repo:acme/app:environment:prod"',
    ].join('\n'));
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
