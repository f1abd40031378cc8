import { findingIds, GH, GITHUB_ARN, githubStatement, reviewStatements, roleTemplate, ruleTexts } from './support';
import { ClaimCondition, Glob, TrustRule, review } from '../../src';
import { errorOf } from '../support/assertions';

const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };
const kinds = (e: review.TrustEntry) => e.unparsed.map((f) => f.kind);

describe('review.TrustReview.cloudFormation: conditions read back', () => {
  test('unparsed keys and operators name their exact JSON path, odd keys quoted', () => {
    // GIVEN a second statement with an odd operator key, an unknown key and keys that are not an object
    const e = reviewStatements([
      githubStatement({ StringEquals: AUD }),
      githubStatement({
        'StringEquals': { ...AUD, 'aws:Source Ip': 'x' },
        'Odd Operator': { [`${GH}:sub`]: 'x' },
        'StringLike': 'not keys',
      }),
    ]);

    // THEN
    const base = 'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1].Condition';
    expect(e.unparsed.map((f) => [f.kind, f.source.jsonPath, f.ruleIndex])).toEqual([
      [review.UnparsedKind.OTHER_KEY, `${base}.StringEquals["aws:Source Ip"]`, 1],
      [review.UnparsedKind.UNKNOWN_OPERATOR, `${base}["Odd Operator"]["${GH}:sub"]`, 1],
      [review.UnparsedKind.UNRESOLVED_REFERENCE, `${base}.StringLike`, 1],
    ]);
    expect(e.rules.map((r) => r.source.jsonPath)).toEqual(['Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0]',
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1]']);
    expect(e.source.jsonPath).toBe('Resources.Role.Properties.AssumeRolePolicyDocument');
  });

  test('StringEquals and StringLike become equals and like; several values are one condition', () => {
    // GIVEN / WHEN
    const e = reviewStatements([githubStatement({
      StringEquals: { ...AUD, [`${GH}:repository_id`]: ['123', '456'] },
      StringLike: { [`${GH}:sub`]: 'repo:acme/app:ref:refs/heads/*' },
    })]);

    // THEN
    expect(ruleTexts(e)).toEqual(['repository_id equals one of ["123", "456"] AND sub like "repo:acme/app:ref:refs/heads/*"']);
    expect(e.exact).toBe(true);
  });

  test('IAM escapes are reversed: ${*} ${?} ${$} are literal characters, * and ? wildcards', () => {
    const e = reviewStatements([githubStatement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: 'repo:acme/app:ref:refs/heads/a${*}b${?}c${$}d?*' } })]);
    const rule = e.rules[0].rule!;
    expect(rule.conditions[0].globs[0].segments).toEqual([
      { kind: 'literal', text: 'repo:acme/app:ref:refs/heads/a*b?c$d' },
      { kind: 'anyChar' },
      { kind: 'anyRun' },
    ]);
    expect(rule.conditions[0].matches('repo:acme/app:ref:refs/heads/a*b?c$dX-anything')).toBe(true);
    expect(rule.conditions[0].matches('repo:acme/app:ref:refs/heads/aXb?c$dX')).toBe(false);
  });

  test('an exact value holding ${ under StringLike, fully escaped, reads back as equals', () => {
    const e = reviewStatements([githubStatement({ StringEquals: AUD, StringLike: { [`${GH}:environment`]: 'a${$}{b}' } })]);
    expect(ruleTexts(e)).toEqual(['environment equals "a${b}"']);
  });

  test('StringLike plus ForAnyValue:StringLike on one key: two like conditions (AND)', () => {
    const e = reviewStatements([githubStatement({
      'StringEquals': AUD,
      'StringLike': { [`${GH}:sub`]: 'repo:acme/*' },
      'ForAnyValue:StringLike': { [`${GH}:sub`]: '*:environment:prod' },
    })]);
    expect(e.rules[0].rule!.conditions.map((c) => c.toString())).toEqual(['sub like "*:environment:prod"', 'sub like "repo:acme/*"']);
  });

  test('audiences: sts.amazonaws.com is the target default, others are listed; statements without aud do not check it', () => {
    const e = reviewStatements([
      githubStatement({ StringEquals: { [`${GH}:aud`]: ['sts.amazonaws.com', 'custom'], [`${GH}:sub`]: 'a' } }),
      githubStatement({ StringEquals: { [`${GH}:sub`]: 'b' } }),
    ]);
    expect(e.audiences).toEqual(['custom']);
    expect(e.admitsTargetDefaultAudience).toBe(true);
    expect(e.checksAudience).toBe(false);
    expect(findingIds(e)).toContain('WT202');
  });

  test.each([
    ['ForAllValues:StringEquals', { 'ForAllValues:StringEquals': { [`${GH}:sub`]: 'a' } }, review.UnparsedKind.FOR_ALL_VALUES],
    ['StringLikeIfExists', { StringLikeIfExists: { [`${GH}:sub`]: 'a*' } }, review.UnparsedKind.IF_EXISTS],
    ['Null', { Null: { [`${GH}:sub`]: 'false' } }, review.UnparsedKind.NULL_CHECK],
    ['StringNotEquals', { StringNotEquals: { [`${GH}:sub`]: 'a' } }, review.UnparsedKind.UNKNOWN_OPERATOR],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { [`${GH}:sub`]: 'a' } }, review.UnparsedKind.UNKNOWN_OPERATOR],
    ['a number', { StringEquals: { [`${GH}:repository_id`]: 123 } }, review.UnparsedKind.NON_STRING_VALUE],
    ['a boolean', { StringEquals: { [`${GH}:sub`]: true } }, review.UnparsedKind.NON_STRING_VALUE],
    ['an unresolved reference', { StringEquals: { [`${GH}:sub`]: { Ref: 'Subject' } } }, review.UnparsedKind.UNRESOLVED_REFERENCE],
    ['a policy variable under StringLike', { StringLike: { [`${GH}:sub`]: 'repo:${aws:username}/*' } }, review.UnparsedKind.POLICY_VARIABLE],
    ['a policy variable under StringEquals', { StringEquals: { [`${GH}:sub`]: '${aws:username}' } }, review.UnparsedKind.POLICY_VARIABLE],
    ['an empty value', { StringEquals: { [`${GH}:sub`]: '' } }, review.UnparsedKind.INVALID_VALUE],
    ['a global key', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, review.UnparsedKind.OTHER_KEY],
    ['another issuer\'s key', { StringEquals: { 'gitlab.com:sub': 'x' } }, review.UnparsedKind.OTHER_KEY],
    ['an audience pattern', { StringLike: { [`${GH}:aud`]: 'sts.*' } }, review.UnparsedKind.AUDIENCE_PATTERN],
    ['a reserved claim', { StringEquals: { [`${GH}:iss`]: 'https://token.actions.githubusercontent.com' } }, review.UnparsedKind.INVALID_VALUE],
  ])('%s is reported as unparsed with its raw text, never dropped', (_name, extra, kind) => {
    // GIVEN a statement that also checks aud and sub
    const condition: any = { StringEquals: { ...AUD, [`${GH}:repository_id`]: '42' } };
    for (const [op, keys] of Object.entries(extra)) condition[op] = { ...(condition[op] ?? {}), ...(keys as object) };

    // WHEN
    const e = reviewStatements([githubStatement(condition)]);

    // THEN
    expect(kinds(e)).toContain(kind);
    const fragment = e.unparsed.find((f) => f.kind === kind)!;
    expect(fragment.ruleIndex).toBe(0);
    expect(fragment.raw).toContain(Object.keys(extra)[0]);
    expect(fragment.source.jsonPath).toMatch(/^Resources\.Role\.Properties\.AssumeRolePolicyDocument\.Statement\[0\]\.Condition/);
    expect(e.rules[0].exact).toBe(false);
    expect(e.exact).toBe(false);
    expect(findingIds(e)).toContain(kind === review.UnparsedKind.FOR_ALL_VALUES ? 'WT201' : 'WT206');
  });

  test('a rule with unparsed parts keeps what was understood (it admits at least what IAM admits)', () => {
    const e = reviewStatements([githubStatement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: '42' }, StringNotEquals: { [`${GH}:ref`]: 'refs/heads/main' } })]);
    expect(ruleTexts(e)).toEqual(['repository_id equals "42"']);
    const d = e.evaluate({ aud: 'sts.amazonaws.com', repository_id: '42', ref: 'refs/heads/dev' });
    expect(d.allowed).toBe(false);
    expect(d.certain).toBe(false);
  });
});

describe('review.TrustReview.cloudFormation: statements and principals', () => {
  test('one rule per statement, in order, each with its JSON path; findings name the rule', () => {
    const e = reviewStatements([
      githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:environment:prod' } }),
      githubStatement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }),
    ]);
    expect(e.rules.map((r) => r.source.jsonPath)).toEqual([
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0]',
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1]',
    ]);
    const wt107 = e.findings.find((f) => f.id === 'WT107')!;
    expect(wt107.ruleIndex).toBe(1);
    expect(wt107.message).toMatch(/^rule 2 /);
    expect(wt107.jsonPath).toBe('Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1]');
  });

  test('the provider ARN comes from the referenced AWS::IAM::OIDCProvider, with its client IDs', () => {
    const e = reviewStatements([githubStatement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: 'repo:acme/app:*' } }, { Principal: { Federated: { 'Fn::GetAtt': ['Provider', 'Arn'] } } })],
      { Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] } } });
    expect(e.issuerUrl).toBe('https://token.actions.githubusercontent.com');
    expect(e.provider).toEqual(expect.objectContaining({ address: 'Provider', clientIds: ['sts.amazonaws.com'] }));
  });

  test('an ARN built with Fn::Sub, and an enterprise issuer path, map to the issuer class', () => {
    const e = reviewStatements([{
      Effect: 'Allow',
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
      Principal: { Federated: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com/acme' } },
      Condition: { StringEquals: { 'token.actions.githubusercontent.com/acme:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com/acme:sub': 'repo:acme/app:environment:prod' } },
    }]);
    expect(e.issuerUrl).toBe('https://token.actions.githubusercontent.com/acme');
    expect(e.issuer?.displayName).toBe('GitHub Actions (enterprise acme)');
    expect(ruleTexts(e)).toEqual(['sub equals "repo:acme/app:environment:prod"']);
  });

  test('an unresolvable principal: the issuer comes from the condition keys', () => {
    const e = reviewStatements([githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'x' } }, { Principal: { Federated: { Ref: 'ProviderArn' } } })]);
    expect(e.issuerUrl).toBe('https://token.actions.githubusercontent.com');
    expect(e.principal).toContain('unresolved');
    expect(ruleTexts(e)).toEqual(['sub equals "x"']);
  });

  test('a Federated list and a Service principal: one entry per provider, the service for context', () => {
    const report = review.TrustReview.cloudFormation(roleTemplate([
      { Effect: 'Allow', Principal: { Federated: [GITHUB_ARN, 'arn:aws:iam::123456789012:oidc-provider/gitlab.com'] }, Action: 'sts:*', Condition: { StringEquals: { [`${GH}:sub`]: 'a', 'gitlab.com:sub': 'b' } } },
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]), 't.json');
    expect(report.entries.map((e) => [e.issuerUrl, ruleTexts(e), e.otherPrincipals])).toEqual([
      ['https://token.actions.githubusercontent.com', ['sub equals "a"'], ['Service: ec2.amazonaws.com (sts:AssumeRole)']],
      ['https://gitlab.com', ['sub equals "b"'], ['Service: ec2.amazonaws.com (sts:AssumeRole)']],
    ]);
    expect(report.entries[0].unparsed.map((f) => f.raw)).toEqual([expect.stringContaining('gitlab.com:sub')]);
  });

  test('a Deny, a NotPrincipal and an intrinsic statement are reported, not ignored', () => {
    const e = reviewStatements([
      githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'a' } }),
      githubStatement({ StringEquals: { [`${GH}:ref`]: 'refs/heads/dev' } }, { Effect: 'Deny' }),
      { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::1:root' }, Action: 'sts:AssumeRole' },
      { 'Fn::If': ['Cond', githubStatement({}), { Ref: 'AWS::NoValue' }] },
    ]);
    expect(kinds(e)).toEqual([
      review.UnparsedKind.UNSUPPORTED_STATEMENT,
      review.UnparsedKind.UNSUPPORTED_STATEMENT,
      review.UnparsedKind.UNRESOLVED_REFERENCE,
    ]);
    expect(e.unparsed.every((f) => f.ruleIndex === undefined)).toBe(true);
    expect(findingIds(e).filter((id) => id === 'WT206')).toHaveLength(3);
  });

  test('a statement without Condition admits every token of the issuer (WT101, WT202)', () => {
    const e = reviewStatements([{ Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:AssumeRoleWithWebIdentity' }]);
    expect(ruleTexts(e)).toEqual(['(no claim condition)']);
    expect(e.checksAudience).toBe(false);
    expect(findingIds(e)).toEqual(['WT101', 'WT202']);
    expect(e.evaluate({ aud: 'anything', sub: 'repo:evil/x:ref:refs/heads/main' }).allowed).toBe(true);
  });

  test('a trust policy given as a JSON string, a single Statement object, and parameters for the lifetime', () => {
    const template = {
      Parameters: { Duration: { Type: 'Number', Default: '7200' } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            MaxSessionDuration: { Ref: 'Duration' },
            AssumeRolePolicyDocument: JSON.stringify({ Statement: githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'a' } }) }),
          },
        },
      },
    };
    const e = review.TrustReview.cloudFormation(template, 't.json').entries[0];
    expect(ruleTexts(e)).toEqual(['sub equals "a"']);
    expect(e.rules[0].source.jsonPath).toBe('Resources.Role.Properties.AssumeRolePolicyDocument.Statement');
    expect(e.maxSessionSeconds).toBe(7200);
    expect(e.maxSessionNote).toMatch(/parameter/);
  });

  test('the trust policy size is measured with the longest provider ARN; near the quota: WT205', () => {
    const small = reviewStatements([githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'a' } })]);
    const statement = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'a' } }), Principal: { Federated: `arn:aws-us-gov:iam::123456789012:oidc-provider/${GH}` } }] });
    expect(small.trustPolicySize).toBe(statement.length);
    expect(findingIds(small)).not.toContain('WT205');
    const big = reviewStatements(Array.from({ length: 6 }, (_, i) => githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: `repo:acme/app-${i}:environment:${'x'.repeat(200)}` } })));
    expect(big.trustPolicySize).toBeGreaterThan(1843);
    expect(findingIds(big)).toContain('WT205');
  });

  test('roles without federation are reported for context only', () => {
    const report = review.TrustReview.cloudFormation({ Resources: { Fn: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }] } } }, Bucket: { Type: 'AWS::S3::Bucket' } } }, 't.json');
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0].federated).toBe(false);
    expect(report.entries[0].principal).toBe('Service: lambda.amazonaws.com (sts:AssumeRole)');
    expect(report.entries[0].evaluate({ aud: 'x' })).toEqual(expect.objectContaining({ allowed: false, certain: true }));
  });

  test('a template without Resources has no entries; input that is no template is refused', () => {
    expect(review.TrustReview.cloudFormation({}, 't.json').entries).toEqual([]);
    expect(errorOf(() => review.TrustReview.cloudFormation([] as any, 'list.json'))).toEqual({ code: 'ReviewInvalidTemplate', message: expect.stringMatching(/list\.json is not a CloudFormation template.*Fix:/) });
    expect(errorOf(() => review.TrustReview.cloudFormation({ Resources: 'x' }, 'x.json')).code).toBe('ReviewInvalidTemplate');
  });

  test('reviewCloudFormation is the same reader', () => {
    const t = roleTemplate([githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'a' } })]);
    expect(review.reviewCloudFormation(t, 'a.json').toJson()).toEqual(review.TrustReview.cloudFormation(t, 'a.json').toJson());
  });
});

describe('review.RuleNormalization', () => {
  test('like with only literal patterns is equals; equals on one claim intersect and are filtered by likes', () => {
    const rule = TrustRule.allOf(
      ClaimCondition.like('ref', 'refs/heads/main'),
      ClaimCondition.equals('sub', 'b', 'a', 'c'),
      ClaimCondition.equals('sub', 'c', 'a'),
      ClaimCondition.like('sub', 'a*'),
    );
    expect(review.RuleNormalization.key(rule)).toBe('ref equals "refs/heads/main" AND sub equals "a"');
  });

  test('patterns are sorted and deduplicated through Glob.toString, identical conditions collapse', () => {
    const a = TrustRule.allOf(ClaimCondition.like('sub', 'b*', 'a*'), ClaimCondition.likeGlob('sub', Glob.pattern('a*'), Glob.concat(Glob.literal('b'), Glob.anyRun()), Glob.pattern('a*')));
    expect(review.RuleNormalization.key(a)).toBe('sub like one of ["a*", "b*"]');
    const literalStar = TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal('a*'), Glob.anyRun())));
    expect(review.RuleNormalization.key(literalStar)).toBe('sub like "a\\\\**"');
  });

  test('rules no value satisfies have no normal form; normalizeAll drops them and duplicates', () => {
    const never = TrustRule.allOf(ClaimCondition.equals('sub', 'a'), ClaimCondition.equals('sub', 'b'));
    expect(review.RuleNormalization.normalize(never)).toBeUndefined();
    expect(review.RuleNormalization.key(never)).toBe('never');
    const r = TrustRule.allOf(ClaimCondition.equals('sub', 'a'));
    expect(review.RuleNormalization.normalizeAll([r, never, r.withDescription('same')]).map((x) => review.RuleNormalization.key(x))).toEqual(['sub equals "a"']);
  });
});
