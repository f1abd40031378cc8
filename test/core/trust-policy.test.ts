import * as fc from 'fast-check';
import { buildRule, expectTrustError, lawClaims, PROPERTY_PARAMS, refRuleHolds, ruleSpec } from './support';
import { ClaimCondition, SessionLifetime, TrustErrorCode, TrustPolicy, TrustPolicyProps, TrustRule } from '../../src';

const ISSUER = 'https://issuer.example.com';
const AWS_DEFAULT = 'sts.amazonaws.com';
const GCP_DEFAULT = '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/github';

const main = TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:ref:refs/heads/main'));
const prod = TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:environment:prod'));

/** Acknowledgements that let semantics tests use rules on any claim and `like(claim, '*')`. */
const SEMANTICS_ACKS = [
  { findingId: 'WT101', reason: 'generic issuer in a semantics test' },
  { findingId: 'WT103', reason: 'match-everything patterns are part of what is tested' },
];

function policy(props: Partial<TrustPolicyProps> = {}): TrustPolicy {
  return new TrustPolicy({ issuer: ISSUER, audiences: ['my-aud'], rules: [main, prod], ...props });
}

describe('rules are OR-ed', () => {
  test('a token is admitted when any rule holds, and the first holding rule is reported', () => {
    // GIVEN
    const p = policy();

    // WHEN
    const viaMain = p.evaluate({ aud: 'my-aud', sub: 'repo:acme/app:ref:refs/heads/main' });
    const viaProd = p.evaluate({ aud: 'my-aud', sub: 'repo:acme/app:environment:prod' });
    const neither = p.evaluate({ aud: 'my-aud', sub: 'repo:acme/app:ref:refs/heads/dev' });

    // THEN
    expect(viaMain).toMatchObject({ allowed: true, matchedRule: main, matchedRuleIndex: 0 });
    expect(viaMain.reason).toContain('rule 1');
    expect(viaProd).toMatchObject({ allowed: true, matchedRule: prod, matchedRuleIndex: 1 });
    expect(viaProd.reason).toContain('rule 2');
    expect(viaProd.ruleOutcomes.map((o) => o.matched)).toEqual([false, true]);
    expect(neither.allowed).toBe(false);
    expect(neither.matchedRule).toBeUndefined();
    expect(neither.matchedRuleIndex).toBeUndefined();
    expect(neither.ruleOutcomes).toHaveLength(2);
    expect(neither.reason).toContain('no rule holds');
    expect(neither.reason).toContain('refs/heads/dev');
  });

  test('when several rules hold, matchedRuleIndex is the first', () => {
    // GIVEN
    const broad = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'));
    const p = policy({ rules: [prod, broad, main] });

    // WHEN
    const decision = p.evaluate({ aud: 'my-aud', sub: 'repo:acme/app:ref:refs/heads/main' });

    // THEN
    expect(decision.matchedRuleIndex).toBe(1);
    expect(decision.matchedRule).toBe(broad);
    expect(decision.ruleOutcomes.map((o) => [o.index, o.matched])).toEqual([[0, false], [1, true], [2, true]]);
  });
});

describe('claims in evaluation', () => {
  test('a missing claim never matches, not even like(claim, "*")', () => {
    // GIVEN a rule whose second condition is like('environment', '*'), acknowledged (WT103)
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'x'), ClaimCondition.like('environment', '*'))
      .acknowledge('WT103', 'presence of environment is what is tested');
    const p = policy({ rules: [rule] });

    // WHEN
    const missing = p.evaluate({ aud: 'my-aud', sub: 'x' });
    const present = p.evaluate({ aud: 'my-aud', sub: 'x', environment: '' });
    const notString = p.evaluate({ aud: 'my-aud', sub: 'x', environment: 7 });

    // THEN
    expect(missing.allowed).toBe(false);
    expect(missing.reason).toContain('claim environment is missing');
    expect(present.allowed).toBe(true);
    expect(notString.allowed).toBe(false);
    expect(notString.reason).toContain('not a string');
  });

  test('adversarial values: prefix tenants, case variants and literal wildcards do not match', () => {
    // GIVEN
    const p = policy({ rules: [TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'), ClaimCondition.equals('ref', 'refs/heads/rel*'))] });
    const allowed = (claims: Record<string, unknown>) => p.evaluate({ aud: 'my-aud', ...claims }).allowed;

    // THEN
    expect(allowed({ sub: 'repo:acme/app:ref:x', ref: 'refs/heads/rel*' })).toBe(true);
    expect(allowed({ sub: 'repo:acme/app-evil:ref:x', ref: 'refs/heads/rel*' })).toBe(false);
    expect(allowed({ sub: 'repo:ACME/app:ref:x', ref: 'refs/heads/rel*' })).toBe(false);
    expect(allowed({ sub: 'repo:acme/app:ref:x', ref: 'refs/heads/release' })).toBe(false);
  });
});

describe('issuer check', () => {
  test('iss, when present, must equal the issuer URL', () => {
    // GIVEN
    const p = policy();
    const sub = 'repo:acme/app:ref:refs/heads/main';

    // WHEN
    const absent = p.evaluate({ aud: 'my-aud', sub });
    const same = p.evaluate({ aud: 'my-aud', sub, iss: ISSUER });
    const other = p.evaluate({ aud: 'my-aud', sub, iss: 'https://evil.example.com' });
    const trailingSlash = p.evaluate({ aud: 'my-aud', sub, iss: `${ISSUER}/` });
    const notString = p.evaluate({ aud: 'my-aud', sub, iss: 42 });

    // THEN
    expect(absent.allowed).toBe(true);
    expect(same.allowed).toBe(true);
    expect(other.allowed).toBe(false);
    expect(other.reason).toContain('https://evil.example.com');
    expect(other.ruleOutcomes).toEqual([]);
    expect(trailingSlash.allowed).toBe(false);
    expect(notString.allowed).toBe(false);
  });
});

describe('audience check', () => {
  const sub = 'repo:acme/app:ref:refs/heads/main';

  test('aud may be a string or an array; admitted iff any token audience is admitted', () => {
    // GIVEN
    const p = policy({ audiences: ['aud-1', 'aud-2'] });

    // THEN
    expect(p.evaluate({ aud: 'aud-2', sub }).allowed).toBe(true);
    expect(p.evaluate({ aud: ['other', 'aud-1'], sub }).allowed).toBe(true);
    expect(p.evaluate({ aud: [42, 'aud-1'], sub }).allowed).toBe(true);
    expect(p.evaluate({ aud: ['other', 'another'], sub }).allowed).toBe(false);
    expect(p.evaluate({ aud: 'AUD-1', sub }).allowed).toBe(false);
  });

  test.each([
    ['missing', undefined],
    ['empty string', ''],
    ['empty array', []],
    ['a number', 42],
    ['null', null],
    ['an array of non-strings', [1, null, { aud: 'aud-1' }]],
    ['an object', { 0: 'aud-1' }],
  ])('a %s audience is refused', (_what, aud) => {
    // GIVEN
    const p = policy({ audiences: ['aud-1'] });
    const claims: Record<string, unknown> = { sub };
    if (aud !== undefined) claims.aud = aud;

    // WHEN
    const decision = p.evaluate(claims);

    // THEN refused before the rules are looked at
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('audience');
    expect(decision.ruleOutcomes).toEqual([]);
  });

  test('a denied audience names the token audience and the admitted ones', () => {
    // WHEN
    const decision = policy({ audiences: ['aud-1'] }).evaluate({ aud: 'wrong', sub });

    // THEN
    expect(decision.reason).toContain('"wrong"');
    expect(decision.reason).toContain('"aud-1"');
  });
});

describe('targetDefaultAudience', () => {
  const sub = 'repo:acme/app:ref:refs/heads/main';

  test('defaults to true when no audience is given', () => {
    // GIVEN
    const p = policy({ audiences: [] });

    // WHEN
    const onAws = p.evaluate({ aud: AWS_DEFAULT, sub }, { targetDefaultAudiences: [AWS_DEFAULT] });
    const onGcp = p.evaluate({ aud: `https:${GCP_DEFAULT}`, sub }, { targetDefaultAudiences: [GCP_DEFAULT, `https:${GCP_DEFAULT}`] });
    const wrongCloud = p.evaluate({ aud: AWS_DEFAULT, sub }, { targetDefaultAudiences: [GCP_DEFAULT] });
    const noContext = p.evaluate({ aud: AWS_DEFAULT, sub });

    // THEN
    expect(p.admitsTargetDefaultAudience).toBe(true);
    expect(onAws.allowed).toBe(true);
    expect(onGcp.allowed).toBe(true);
    expect(wrongCloud.allowed).toBe(false);
    expect(noContext.allowed).toBe(false);
    expect(noContext.reason).toContain('target default audience was not given');
  });

  test('audiences omitted altogether also admit the target default audience', () => {
    // GIVEN
    const p = new TrustPolicy({ issuer: ISSUER, rules: [main] });

    // THEN
    expect(p.audiences).toEqual([]);
    expect(p.admitsTargetDefaultAudience).toBe(true);
    expect(p.evaluate({ aud: AWS_DEFAULT, sub }, { targetDefaultAudiences: [AWS_DEFAULT] }).allowed).toBe(true);
  });

  test('defaults to false when audiences are given', () => {
    // GIVEN
    const p = policy({ audiences: ['my-aud'] });

    // THEN
    expect(p.admitsTargetDefaultAudience).toBe(false);
    expect(p.evaluate({ aud: AWS_DEFAULT, sub }, { targetDefaultAudiences: [AWS_DEFAULT] }).allowed).toBe(false);
    expect(p.evaluate({ aud: 'my-aud', sub }, { targetDefaultAudiences: [AWS_DEFAULT] }).allowed).toBe(true);
  });

  test('explicit true with audiences admits both', () => {
    // GIVEN
    const p = policy({ audiences: ['my-aud'], targetDefaultAudience: true });

    // THEN
    expect(p.evaluate({ aud: AWS_DEFAULT, sub }, { targetDefaultAudiences: [AWS_DEFAULT] }).allowed).toBe(true);
    expect(p.evaluate({ aud: 'my-aud', sub }, { targetDefaultAudiences: [AWS_DEFAULT] }).allowed).toBe(true);
    expect(p.audiencesFor([AWS_DEFAULT, 'my-aud'])).toEqual(['my-aud', AWS_DEFAULT]);
  });

  test('audiencesFor ignores the target defaults when they are not admitted, and deduplicates', () => {
    // GIVEN
    const exact = policy({ audiences: ['a', 'b', 'a'] });

    // THEN
    expect(exact.audiences).toEqual(['a', 'b']);
    expect(exact.audiencesFor([AWS_DEFAULT])).toEqual(['a', 'b']);
  });
});

describe('TrustPolicy validation', () => {
  test('no audience: empty audiences and targetDefaultAudience false', () => {
    // WHEN / THEN
    expectTrustError(() => policy({ audiences: [], targetDefaultAudience: false }), TrustErrorCode.NO_AUDIENCE, `"${ISSUER}"`, 'no audience');
  });

  test.each([
    ['empty', ''],
    ['a number', 42],
    ['null', null],
  ])('an invalid (%s) audience is refused', (_what, aud) => {
    // WHEN / THEN
    expectTrustError(() => policy({ audiences: ['ok', aud as unknown as string] }), TrustErrorCode.INVALID_AUDIENCE, JSON.stringify(aud));
  });

  test('no rule is refused', () => {
    // WHEN / THEN
    expectTrustError(() => policy({ rules: [] }), TrustErrorCode.NO_RULE, `"${ISSUER}"`, 'no rule');
    expectTrustError(() => new TrustPolicy({ issuer: ISSUER } as unknown as TrustPolicyProps), TrustErrorCode.NO_RULE, `"${ISSUER}"`);
  });

  test('a rule with no condition is refused', () => {
    // WHEN / THEN
    expectTrustError(() => policy({ rules: [TrustRule.allOf()] }), TrustErrorCode.NO_RULE, 'no condition');
  });

  test('a policy-level acknowledgement with an unknown ID is refused', () => {
    // WHEN / THEN
    expectTrustError(() => policy({ acknowledgements: [{ findingId: 'WT100', reason: 'a perfectly fine reason' }] }),
      TrustErrorCode.INVALID_ACKNOWLEDGEMENT, '"WT100"', ISSUER);
  });

  test('a policy-level acknowledgement with a short reason is refused', () => {
    // WHEN / THEN
    expectTrustError(() => policy({ acknowledgements: [{ findingId: 'WT105', reason: 'because' }] }),
      TrustErrorCode.INVALID_ACKNOWLEDGEMENT, 'WT105', '"because"');
  });

  test('maxSession defaults to one hour and is kept', () => {
    // THEN
    expect(policy().maxSession.toSeconds()).toBe(3600);
    expect(policy({ maxSession: SessionLifetime.minutes(30) }).maxSession.toSeconds()).toBe(1800);
  });

  test('the rules array is copied', () => {
    // GIVEN
    const rules = [main];
    const p = policy({ rules });

    // WHEN
    rules.push(prod);

    // THEN
    expect(p.rules).toEqual([main]);
  });
});

describe('TrustPolicy fast-check properties', () => {
  const lawPolicy = (rules: TrustRule[]) => new TrustPolicy({ issuer: ISSUER, audiences: ['aud'], rules, acknowledgements: SEMANTICS_ACKS });

  test('property 6: rules [r1, r2] allow iff r1 or r2 allows; order does not change allowed', () => {
    fc.assert(fc.property(ruleSpec, ruleSpec, lawClaims, (s1, s2, claims) => {
      // GIVEN
      const r1 = buildRule(s1);
      const r2 = buildRule(s2);
      const token = { ...claims, aud: 'aud' };

      // WHEN
      const both = lawPolicy([r1, r2]).evaluate(token);
      const reversed = lawPolicy([r2, r1]).evaluate(token);
      const only1 = lawPolicy([r1]).evaluate(token).allowed;
      const only2 = lawPolicy([r2]).evaluate(token).allowed;

      // THEN
      const expected = refRuleHolds(s1, claims) || refRuleHolds(s2, claims);
      const expectedIndex = refRuleHolds(s1, claims) ? 0 : refRuleHolds(s2, claims) ? 1 : undefined;
      return both.allowed === (only1 || only2)
        && both.allowed === expected
        && reversed.allowed === both.allowed
        && both.matchedRuleIndex === expectedIndex
        && (expectedIndex === undefined ? both.matchedRule === undefined : both.matchedRule === [r1, r2][expectedIndex])
        && both.ruleOutcomes.map((o) => o.matched).join() === [refRuleHolds(s1, claims), refRuleHolds(s2, claims)].join();
    }), PROPERTY_PARAMS);
  });

  test('property 6d: any permutation of several rules gives the same allowed', () => {
    const arb = fc.array(ruleSpec, { minLength: 1, maxLength: 4 }).chain((specs) => fc.tuple(
      fc.constant(specs),
      fc.shuffledSubarray(specs.map((_, i) => i), { minLength: specs.length, maxLength: specs.length }),
      lawClaims,
    ));
    fc.assert(fc.property(arb, ([specs, order, claims]) => {
      // GIVEN
      const rules = specs.map(buildRule);
      const token = { ...claims, aud: 'aud' };

      // WHEN
      const original = lawPolicy(rules).evaluate(token).allowed;
      const permuted = lawPolicy(order.map((i) => rules[i])).evaluate(token).allowed;

      // THEN
      return original === permuted && original === specs.some((s) => refRuleHolds(s, claims));
    }), PROPERTY_PARAMS);
  });

  test('property 5b: a token without the checked claims is never admitted', () => {
    fc.assert(fc.property(ruleSpec, (spec) => {
      // GIVEN a token with only an admitted audience
      const decision = lawPolicy([buildRule(spec)]).evaluate({ aud: 'aud' });

      // THEN
      return !decision.allowed && decision.ruleOutcomes.length === 1 && decision.ruleOutcomes[0].failedCondition !== undefined;
    }), PROPERTY_PARAMS);
  });
});
