import * as fc from 'fast-check';
import {
  expectTrustError,
  instanceOf,
  patternString,
  patternTokens,
  PROPERTY_PARAMS,
  refMatch,
  valueFor,
  valueString,
} from './support';
import { ClaimCondition, ConditionOperator, Glob, TrustErrorCode, TrustPolicy, TrustRule } from '../../src';

describe('ClaimCondition.equals', () => {
  test('holds iff the claim equals one of the values exactly', () => {
    // GIVEN
    const cond = ClaimCondition.equals('environment', 'prod', 'staging');

    // THEN
    expect(cond.operator).toBe(ConditionOperator.EQUALS);
    expect(cond.values).toEqual(['prod', 'staging']);
    expect(cond.matches('prod')).toBe(true);
    expect(cond.matches('staging')).toBe(true);
    expect(cond.matches('dev')).toBe(false);
    expect(cond.matches('prod ')).toBe(false);
    expect(cond.matches('')).toBe(false);
  });

  test('is case-sensitive', () => {
    // GIVEN
    const cond = ClaimCondition.equals('repository', 'acme/app');

    // THEN
    expect(cond.matches('acme/app')).toBe(true);
    expect(cond.matches('Acme/App')).toBe(false);
    expect(cond.matches('ACME/APP')).toBe(false);
  });

  test('* and ? are literal characters, not wildcards', () => {
    // GIVEN
    const star = ClaimCondition.equals('ref', 'refs/heads/*');
    const question = ClaimCondition.equals('ref', 'v?');

    // THEN
    expect(star.matches('refs/heads/*')).toBe(true);
    expect(star.matches('refs/heads/main')).toBe(false);
    expect(question.matches('v?')).toBe(true);
    expect(question.matches('v1')).toBe(false);
    expect(star.globs.every((g) => g.isLiteral)).toBe(true);
  });

  test('compares Unicode exactly: precomposed and combining forms differ', () => {
    // GIVEN
    const cond = ClaimCondition.equals('environment', 'café');

    // THEN
    expect(cond.matches('café')).toBe(true);
    expect(cond.matches('cafe\u0301')).toBe(false);
  });

  test('equalTo is the same operator (for jsii languages)', () => {
    // GIVEN
    const cond = ClaimCondition.equalTo('sub', 'a*');

    // THEN
    expect(cond.operator).toBe(ConditionOperator.EQUALS);
    expect(cond.matches('a*')).toBe(true);
    expect(cond.matches('ab')).toBe(false);
  });

  test('duplicate values are dropped', () => {
    // WHEN
    const cond = ClaimCondition.equals('sub', 'x', 'y', 'x');

    // THEN
    expect(cond.values).toEqual(['x', 'y']);
  });

  test('repeats are found among few values (scanned) and many (a set), first occurrences kept', () => {
    // GIVEN value lists on both sides of the scan limit (8), a repeat last
    const few = ['a', 'b', 'c', 'a'];
    const many = [...'abcdefghijkl'].concat('b');

    // THEN
    expect(ClaimCondition.equals('sub', ...few).values).toEqual(['a', 'b', 'c']);
    expect(ClaimCondition.equals('sub', ...many).values).toEqual([...'abcdefghijkl']);
    expect(ClaimCondition.equals('sub', ...[...'abcdefghijkl']).values).toEqual([...'abcdefghijkl']);
    expect(ClaimCondition.like('ref', ...many.map((c) => `${c}*`)).values).toEqual([...'abcdefghijkl'].map((c) => `${c}*`));
  });

  test('the values are the condition\'s own: changing the list it was built from changes nothing', () => {
    // GIVEN
    const values = ['x', 'y'];
    const cond = ClaimCondition.equals('sub', ...values);

    // WHEN
    values.push('z');

    // THEN
    expect(cond.values).toEqual(['x', 'y']);
  });
});

describe('ClaimCondition.like', () => {
  test('holds iff the claim matches one of the patterns', () => {
    // GIVEN
    const cond = ClaimCondition.like('ref', 'refs/heads/release/*', 'refs/tags/v?');

    // THEN
    expect(cond.operator).toBe(ConditionOperator.LIKE);
    expect(cond.matches('refs/heads/release/1.0')).toBe(true);
    expect(cond.matches('refs/heads/release/')).toBe(true);
    expect(cond.matches('refs/tags/v1')).toBe(true);
    expect(cond.matches('refs/tags/v10')).toBe(false);
    expect(cond.matches('refs/heads/main')).toBe(false);
  });

  test('* spans / and :', () => {
    // GIVEN
    const cond = ClaimCondition.like('sub', 'repo:acme/app:*');

    // THEN
    expect(cond.matches('repo:acme/app:ref:refs/heads/feature/x')).toBe(true);
    expect(cond.matches('repo:acme/app-evil:ref:refs/heads/main')).toBe(false);
  });

  test('likeGlob keeps a user-supplied * literal', () => {
    // GIVEN a branch name containing '*'
    const cond = ClaimCondition.likeGlob('ref', Glob.concat(Glob.literal('refs/heads/a*b/'), Glob.anyRun()));

    // THEN
    expect(cond.matches('refs/heads/a*b/x')).toBe(true);
    expect(cond.matches('refs/heads/aXXb/x')).toBe(false);
    expect(cond.values).toEqual(['refs/heads/a\\*b/*']);
  });

  test('patterns are deduplicated by their normalized form', () => {
    // WHEN
    const cond = ClaimCondition.like('ref', 'a*?', 'a?*', 'a**?');

    // THEN
    expect(cond.values).toEqual(['a?*']);
    expect(cond.globs).toHaveLength(1);
  });

  test('toString names claim, operator and values', () => {
    // THEN
    expect(ClaimCondition.equals('sub', 'a').toString()).toBe('sub equals "a"');
    expect(ClaimCondition.like('ref', 'a*', 'b?').toString()).toBe('ref like one of ["a*", "b?"]');
  });
});

describe('missing and non-string claims', () => {
  test('a missing claim never matches, not even like(claim, "*")', () => {
    // GIVEN
    const conditions = [ClaimCondition.like('ref', '*'), ClaimCondition.like('ref', '?*'), ClaimCondition.equals('ref', 'x')];

    // THEN
    for (const cond of conditions) {
      expect(cond.matches(undefined)).toBe(false);
    }
  });

  test('non-string claim values never match', () => {
    // GIVEN
    const any = ClaimCondition.like('run_number', '*');
    const exact = ClaimCondition.equals('run_number', '42');

    // THEN
    for (const value of [42, true, false, null, ['42'], { v: '42' }, 0]) {
      expect(any.matches(value)).toBe(false);
      expect(exact.matches(value)).toBe(false);
    }
    expect(exact.matches('42')).toBe(true);
  });
});

describe('ClaimCondition validation', () => {
  test.each(['has space', '', 'a:b', '-leading-dash', 'quote"d', 'new\nline', 'ünï'])('malformed claim name %j is refused', (claim) => {
    // WHEN / THEN
    expectTrustError(() => ClaimCondition.equals(claim, 'x'), TrustErrorCode.INVALID_CLAIM, JSON.stringify(claim));
    expectTrustError(() => ClaimCondition.like(claim, 'x*'), TrustErrorCode.INVALID_CLAIM, JSON.stringify(claim));
    expectTrustError(() => ClaimCondition.likeGlob(claim, Glob.pattern('x*')), TrustErrorCode.INVALID_CLAIM, JSON.stringify(claim));
  });

  test.each(['sub', 'repository_id', 'oidc.circleci.com/project-id', '_private', 'job-workflow-ref', '9lives'])('claim name %j is accepted', (claim) => {
    // WHEN
    const cond = ClaimCondition.equals(claim, 'x');

    // THEN
    expect(cond.claim).toBe(claim);
  });

  test.each(['aud', 'iss'])('reserved claim %j is refused', (claim) => {
    // WHEN / THEN
    const err = expectTrustError(() => ClaimCondition.equals(claim, 'sts.amazonaws.com'), TrustErrorCode.INVALID_CLAIM, `"${claim}"`);
    expect(err.message).toContain(claim === 'aud' ? 'audiences' : 'issuer');
    expectTrustError(() => ClaimCondition.like(claim, 'x*'), TrustErrorCode.INVALID_CLAIM, `"${claim}"`);
  });

  test('no values is refused', () => {
    // WHEN / THEN
    expectTrustError(() => ClaimCondition.equals('environment'), TrustErrorCode.INVALID_VALUE, '"environment"', 'no value');
    expectTrustError(() => ClaimCondition.like('ref'), TrustErrorCode.INVALID_VALUE, '"ref"', 'no value');
    expectTrustError(() => ClaimCondition.likeGlob('ref'), TrustErrorCode.INVALID_VALUE, '"ref"', 'no pattern');
  });

  test('an empty value or pattern is refused', () => {
    // WHEN / THEN
    expectTrustError(() => ClaimCondition.equals('environment', 'prod', ''), TrustErrorCode.INVALID_VALUE, '"environment"', 'value ""');
    expectTrustError(() => ClaimCondition.like('ref', ''), TrustErrorCode.INVALID_VALUE, '"ref"', 'value ""');
  });

  test('a non-string value is refused', () => {
    // WHEN / THEN (from untyped callers)
    expectTrustError(() => ClaimCondition.equals('run_number', 42 as unknown as string), TrustErrorCode.INVALID_VALUE, '42');
  });
});

describe('ClaimCondition fast-check properties', () => {
  test('property 3: equals(c, v) matches w iff w === v (no wildcards)', () => {
    // GIVEN v rich in * and ?, and w equal to v, derived from v read as a pattern, a near miss or random
    const arb = patternString(8).chain((v) => fc.tuple(fc.constant(v), fc.oneof(fc.constant(v), valueFor(patternTokens(v)))));

    // THEN
    fc.assert(fc.property(arb, ([v, w]) => ClaimCondition.equals('claim', v).matches(w) === (w === v)), PROPERTY_PARAMS);
  });

  test('property 3b: equals with several values matches w iff w is one of them', () => {
    // GIVEN
    const arb = fc.array(patternString(5), { minLength: 1, maxLength: 4 })
      .chain((vs) => fc.tuple(fc.constant(vs), fc.oneof(fc.constantFrom(...vs), instanceOf(patternTokens(vs[0])), valueString(5))));

    // THEN
    fc.assert(fc.property(arb, ([vs, w]) => ClaimCondition.equals('claim', ...vs).matches(w) === vs.includes(w)), PROPERTY_PARAMS);
  });

  test('property 3c: like(c, ...patterns) matches w iff w matches one pattern (reference)', () => {
    // GIVEN
    const arb = fc.array(patternString(6), { minLength: 1, maxLength: 3 })
      .chain((ps) => fc.tuple(fc.constant(ps), fc.oneof(instanceOf(patternTokens(ps[0])), valueFor(patternTokens(ps[ps.length - 1])))));

    // THEN
    fc.assert(fc.property(arb, ([ps, w]) => ClaimCondition.like('claim', ...ps).matches(w) === ps.some((p) => refMatch(p, w))), PROPERTY_PARAMS);
  });

  test('property 5: a missing or non-string claim never matches any condition', () => {
    // GIVEN any condition (like '*' included) and claims without it, or with a non-string value
    const condition = fc.oneof(
      fc.array(patternString(6), { minLength: 1, maxLength: 3 }).map((vs) => ClaimCondition.equals('ref', ...vs)),
      fc.array(patternString(6), { minLength: 1, maxLength: 3 }).map((ps) => ClaimCondition.like('ref', ...ps)),
      fc.constant(ClaimCondition.like('ref', '*')),
    );
    const nonString = fc.oneof(
      fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
      fc.array(valueString(4), { maxLength: 3 }), fc.dictionary(valueString(3), valueString(3)),
    );
    const otherClaims = fc.dictionary(fc.constantFrom('sub', 'Ref', 'ref ', 'refs', 'environment'), valueString(6));
    const policyFor = (cond: ClaimCondition) => new TrustPolicy({
      issuer: 'https://issuer.example.com',
      audiences: ['aud'],
      rules: [TrustRule.allOf(cond)],
      acknowledgements: [
        { findingId: 'WT101', reason: 'generic issuer in a semantics test' },
        { findingId: 'WT103', reason: 'like * is part of what is tested' },
      ],
    });

    // THEN
    fc.assert(fc.property(condition, nonString, otherClaims, (cond, bad, others) => {
      const policy = policyFor(cond);
      const missing = policy.evaluate({ ...others, aud: 'aud' });
      const wrongType = policy.evaluate({ ...others, aud: 'aud', ref: bad });
      return !cond.matches(undefined) && !cond.matches(bad)
        && !missing.allowed && missing.ruleOutcomes.length === 1 && missing.ruleOutcomes[0].failedCondition === cond
        && !wrongType.allowed;
    }), PROPERTY_PARAMS);
  });
});
