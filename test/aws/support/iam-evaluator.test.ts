/**
 * The IAM evaluator harness behaves like IAM on hand-written trust policies. Where the simulator
 * (@cloud-copilot/iam-simulate 0.1.173) has a reading of its own, or AWS documents none, the test
 * title says so and asserts what the simulator does, so a change of behaviour fails here first.
 */
import { GITHUB_PROVIDER_ARN, iamAllows } from './iam-evaluator';

const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';
const REPO_ID = 'token.actions.githubusercontent.com:repository_id';
const GITLAB_PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/gitlab.com';

/** An Allow of sts:AssumeRoleWithWebIdentity for GitHub's provider, with these fields on top. */
function allow(condition?: object, overrides: object = {}): object {
  return {
    Effect: 'Allow',
    Principal: { Federated: GITHUB_PROVIDER_ARN },
    Action: 'sts:AssumeRoleWithWebIdentity',
    ...(condition ? { Condition: condition } : {}),
    ...overrides,
  };
}

function trust(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** Whether a single statement `{ [operator]: { [SUB]: pattern } }` admits each `sub`. */
function subMatches(operator: string, pattern: string | string[], subs: string[]): boolean[] {
  const policy = trust(allow({ [operator]: { [SUB]: pattern } }));
  return subs.map((sub) => iamAllows(policy, { [SUB]: sub }));
}

describe('iamAllows: the trust policy alone decides', () => {
  test('a statement without conditions admits any token from its provider', () => {
    expect(iamAllows(trust(allow()), {})).toBe(true);
  });

  test('an explicit Deny statement overrides a matching Allow', () => {
    const deny = allow({ StringEquals: { [SUB]: 'repo:o/r:environment:prod' } }, { Effect: 'Deny' });
    const policy = trust(allow(), deny);
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:prod' })).toBe(false);
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:dev' })).toBe(true);
  });

  test('a Federated principal other than the request\'s provider does not admit', () => {
    const policy = trust(allow());
    expect(iamAllows(policy, {}, { federated: GITLAB_PROVIDER_ARN })).toBe(false);
    expect(iamAllows(policy, {}, { federated: GITHUB_PROVIDER_ARN.replace('123456789012', '210987654321') })).toBe(false);
    expect(iamAllows(trust(allow(undefined, { Principal: { Federated: GITLAB_PROVIDER_ARN } })), {}, { federated: GITLAB_PROVIDER_ARN })).toBe(true);
  });

  test('an account principal does not admit a web-identity token', () => {
    expect(iamAllows(trust(allow(undefined, { Principal: { AWS: 'arn:aws:iam::123456789012:root' } })), {})).toBe(false);
  });

  test('the action must be sts:AssumeRoleWithWebIdentity, on both sides', () => {
    expect(iamAllows(trust(allow(undefined, { Action: 'sts:AssumeRole' })), {})).toBe(false);
    expect(iamAllows(trust(allow()), {}, { action: 'sts:AssumeRole' })).toBe(false);
    expect(iamAllows(trust(allow(undefined, { Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })), {})).toBe(true);
  });

  test('an invalid trust policy throws instead of evaluating', () => {
    // A misspelt Condition would otherwise be ignored and admit everyone.
    expect(() => iamAllows(trust(allow(undefined, { Condtion: { StringEquals: { [SUB]: 'x' } } })), {})).toThrow(/Condtion/);
    expect(() => iamAllows(trust(allow(undefined, { Resource: '*' })), {})).toThrow(/Resource is not allowed/);
  });

  test('a principal that is not an IAM OIDC provider ARN is refused', () => {
    expect(() => iamAllows(trust(allow()), {}, { federated: 'accounts.google.com' })).toThrow(/provider ARNs only/);
  });
});

describe('iamAllows: condition logic', () => {
  test('StringEquals is exact and case-sensitive', () => {
    expect(subMatches('StringEquals', 'repo:o/r:ref:refs/heads/main', [
      'repo:o/r:ref:refs/heads/main',
      'repo:O/r:ref:refs/heads/main',
      'repo:o/r:ref:refs/heads/main2',
      'repo:o/r:ref:refs/heads/mai',
    ])).toEqual([true, false, false, false]);
  });

  test('StringEquals with a list of values admits any one of them', () => {
    expect(subMatches('StringEquals', ['repo:o/a:environment:prod', 'repo:o/b:environment:prod'], [
      'repo:o/a:environment:prod',
      'repo:o/b:environment:prod',
      'repo:o/c:environment:prod',
    ])).toEqual([true, true, false]);
  });

  test('StringLike * matches any run, including empty and across / and :', () => {
    expect(subMatches('StringLike', 'repo:o/*:ref:refs/heads/main', [
      'repo:o/r:ref:refs/heads/main',
      'repo:o/:ref:refs/heads/main',
      'repo:o/x/y:z:ref:refs/heads/main',
      'repo:p/r:ref:refs/heads/main',
      'repo:o/r:ref:refs/heads/main2',
    ])).toEqual([true, true, true, false, false]);
  });

  test('StringLike ? matches exactly one character', () => {
    expect(subMatches('StringLike', 'repo:o/r?', ['repo:o/r1', 'repo:o/r', 'repo:o/r12'])).toEqual([true, false, false]);
  });

  test('StringLike is case-sensitive', () => {
    expect(subMatches('StringLike', 'repo:o/*', ['repo:o/r', 'repo:O/r'])).toEqual([true, false]);
  });

  test('two keys in one Condition block must both hold', () => {
    const policy = trust(allow({ StringEquals: { [SUB]: 'repo:o/r:environment:prod', [REPO_ID]: '42' } }));
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:prod', [REPO_ID]: '42' })).toBe(true);
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:prod', [REPO_ID]: '43' })).toBe(false);
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:dev', [REPO_ID]: '42' })).toBe(false);
    expect(iamAllows(policy, { [SUB]: 'repo:o/r:environment:prod' })).toBe(false);
  });

  test('two operators in one Condition block must both hold', () => {
    const policy = trust(allow({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:o/*' } }));
    expect(iamAllows(policy, { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:o/r' })).toBe(true);
    expect(iamAllows(policy, { [AUD]: 'other', [SUB]: 'repo:o/r' })).toBe(false);
    expect(iamAllows(policy, { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:p/r' })).toBe(false);
  });

  test('two statements: either one admits', () => {
    const policy = trust(
      allow({ StringEquals: { [SUB]: 'repo:o/a:ref:refs/heads/main' } }),
      allow({ StringLike: { [SUB]: 'repo:o/b:*' } }),
    );
    expect(iamAllows(policy, { [SUB]: 'repo:o/a:ref:refs/heads/main' })).toBe(true);
    expect(iamAllows(policy, { [SUB]: 'repo:o/b:environment:prod' })).toBe(true);
    expect(iamAllows(policy, { [SUB]: 'repo:o/c:ref:refs/heads/main' })).toBe(false);
  });

  test('a missing key does not admit, even under StringLike *', () => {
    expect(iamAllows(trust(allow({ StringEquals: { [SUB]: 'x' } })), {})).toBe(false);
    expect(iamAllows(trust(allow({ StringLike: { [SUB]: '*' } })), {})).toBe(false);
    expect(iamAllows(trust(allow({ StringLike: { [SUB]: '*' } })), { [SUB]: '' })).toBe(true);
  });

  test('condition key names are case-insensitive', () => {
    expect(iamAllows(trust(allow({ StringEquals: { [SUB]: 'x' } })), { [SUB.toUpperCase()]: 'x' })).toBe(true);
  });
});

describe('iamAllows: special characters', () => {
  test('StringLike ${*}, ${?}, ${$} match a literal *, ? and $ only', () => {
    expect(subMatches('StringLike', 'a${*}b', ['a*b', 'axb', 'ab', 'a${*}b'])).toEqual([true, false, false, false]);
    expect(subMatches('StringLike', 'a${?}b', ['a?b', 'axb', 'a${?}b'])).toEqual([true, false, false]);
    expect(subMatches('StringLike', 'a${$}b', ['a$b', 'a${$}b'])).toEqual([true, false]);
  });

  test('StringLike escapes combine with wildcards', () => {
    expect(subMatches('StringLike', '${*}*${?}?', ['*x?y', '*?y', 'x*?y', '*x?'])).toEqual([true, true, false, false]);
  });

  test('simulator reading: StringEquals keeps ${*}, ${?}, ${$} as literal text, not * ? $', () => {
    expect(subMatches('StringEquals', 'a${*}b', ['a${*}b', 'a*b'])).toEqual([true, false]);
    expect(subMatches('StringEquals', 'a${?}b', ['a${?}b', 'a?b'])).toEqual([true, false]);
    expect(subMatches('StringEquals', 'a${$}b', ['a${$}b', 'a$b'])).toEqual([true, false]);
  });

  test('StringEquals: * and ? are literal, a lone $ is literal', () => {
    expect(subMatches('StringEquals', 'a*b?$', ['a*b?$', 'axbx$'])).toEqual([true, false]);
  });

  test('StringEquals resolves any other ${...} as a policy variable: a literal "${x}" never matches itself', () => {
    expect(subMatches('StringEquals', 'a${x}b', ['a${x}b'])).toEqual([false]);
    const policy = trust(allow({ StringEquals: { [SUB]: 'aud=${' + AUD + '}' } }));
    expect(iamAllows(policy, { [SUB]: 'aud=sts.amazonaws.com', [AUD]: 'sts.amazonaws.com' })).toBe(true);
  });

  test('simulator reading: StringLike * and ? do not match a newline or carriage return', () => {
    expect(subMatches('StringLike', 'a*b', ['a\nb', 'a\rb', 'axb'])).toEqual([false, false, true]);
    expect(subMatches('StringLike', 'a?b', ['a\nb', 'a\rb', 'axb'])).toEqual([false, false, true]);
    expect(subMatches('StringLike', '*', ['line1\nline2'])).toEqual([false]);
  });

  test('StringEquals matches a value with a newline exactly', () => {
    expect(subMatches('StringEquals', 'a\nb', ['a\nb', 'ab', 'a b'])).toEqual([true, false, false]);
  });

  test('simulator reading: StringLike ? matches one UTF-16 unit, so an astral character needs ??', () => {
    expect(subMatches('StringLike', 'a?b', ['a\u00e9b', 'a😀b'])).toEqual([true, false]);
    expect(subMatches('StringLike', 'a??b', ['a😀b'])).toEqual([true]);
    expect(subMatches('StringLike', 'a*b', ['a😀b'])).toEqual([true]);
  });
});

describe('iamAllows: multi-valued keys', () => {
  const policy = (operator: string): object => trust(allow({ [operator]: { [AUD]: 'sts.amazonaws.com' } }));

  test('simulator reading: a plain StringEquals never matches a multi-valued key, even a one-element list', () => {
    expect(iamAllows(policy('StringEquals'), { [AUD]: ['sts.amazonaws.com', 'other'] })).toBe(false);
    expect(iamAllows(policy('StringEquals'), { [AUD]: ['sts.amazonaws.com'] })).toBe(false);
    expect(iamAllows(policy('StringEquals'), { [AUD]: 'sts.amazonaws.com' })).toBe(true);
  });

  test('ForAnyValue:StringEquals admits when one value matches', () => {
    expect(iamAllows(policy('ForAnyValue:StringEquals'), { [AUD]: ['other', 'sts.amazonaws.com'] })).toBe(true);
    expect(iamAllows(policy('ForAnyValue:StringEquals'), { [AUD]: ['other', 'another'] })).toBe(false);
    expect(iamAllows(policy('ForAnyValue:StringEquals'), {})).toBe(false);
  });

  test('ForAllValues:StringEquals admits a missing key (why Allow statements must avoid it)', () => {
    expect(iamAllows(policy('ForAllValues:StringEquals'), {})).toBe(true);
    expect(iamAllows(policy('ForAllValues:StringEquals'), { [AUD]: ['sts.amazonaws.com', 'other'] })).toBe(false);
  });
});
