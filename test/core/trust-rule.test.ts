import * as fc from 'fast-check';
import { buildCondition, buildRule, conditionSpec, expectTrustError, lawClaims, PROPERTY_PARAMS, refHolds, refRuleHolds } from './support';
import { ClaimCondition, TrustErrorCode, TrustRule } from '../../src';

const SUB = 'repo:acme/app:ref:refs/heads/main';

describe('TrustRule conditions are AND-ed', () => {
  test('the rule holds only when every condition holds', () => {
    // GIVEN
    const rule = TrustRule.allOf(
      ClaimCondition.equals('repository_id', '123456'),
      ClaimCondition.like('ref', 'refs/heads/release/*'),
    );

    // WHEN
    const both = rule.evaluate({ repository_id: '123456', ref: 'refs/heads/release/1' });
    const firstOnly = rule.evaluate({ repository_id: '123456', ref: 'refs/heads/main' });
    const secondOnly = rule.evaluate({ repository_id: '999', ref: 'refs/heads/release/1' });

    // THEN
    expect(both.matched).toBe(true);
    expect(both.failedCondition).toBeUndefined();
    expect(firstOnly.matched).toBe(false);
    expect(firstOnly.failedCondition).toBe(rule.conditions[1]);
    expect(secondOnly.matched).toBe(false);
    expect(secondOnly.failedCondition).toBe(rule.conditions[0]);
  });

  test('two conditions on the same claim must both hold', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.like('ref', 'refs/heads/*'), ClaimCondition.like('ref', '*/main'));

    // THEN
    expect(rule.evaluate({ ref: 'refs/heads/main' }).matched).toBe(true);
    expect(rule.evaluate({ ref: 'refs/heads/dev' }).matched).toBe(false);
    expect(rule.evaluate({ ref: 'refs/tags/main' }).matched).toBe(false);
    expect(rule.conditionsOn('ref')).toHaveLength(2);
    expect(rule.claims).toEqual(['ref']);
  });

  test('and() adds conditions and returns a new rule', () => {
    // GIVEN
    const base = TrustRule.allOf(ClaimCondition.equals('sub', SUB));

    // WHEN
    const narrowed = base.and(ClaimCondition.equals('environment', 'prod'));

    // THEN
    expect(base.conditions).toHaveLength(1);
    expect(narrowed.conditions).toHaveLength(2);
    expect(base.evaluate({ sub: SUB }).matched).toBe(true);
    expect(narrowed.evaluate({ sub: SUB }).matched).toBe(false);
    expect(narrowed.evaluate({ sub: SUB, environment: 'prod' }).matched).toBe(true);
    expect(narrowed.claims).toEqual(['sub', 'environment']);
  });
});

describe('TrustRule.evaluate explanations', () => {
  test('a missing claim, a non-string claim and a wrong value are explained', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('environment', 'prod'));

    // WHEN
    const missing = rule.evaluate({}, 2);
    const notString = rule.evaluate({ environment: ['prod'] });
    const wrong = rule.evaluate({ environment: 'dev' });

    // THEN
    expect(missing.index).toBe(2);
    expect(missing.explanation).toContain('claim environment is missing');
    expect(notString.explanation).toContain('claim environment is not a string');
    expect(wrong.explanation).toContain('environment is "dev"');
    expect(wrong.explanation).toContain('environment equals "prod"');
  });

  test('a claim inherited from Object.prototype is missing, not present', () => {
    // GIVEN a claim name that exists on every object's prototype
    const rule = TrustRule.allOf(ClaimCondition.like('constructor', '*'));

    // THEN
    expect(rule.evaluate({}).matched).toBe(false);
    expect(rule.evaluate({ constructor: 'x' }).matched).toBe(true);
  });
});

describe('TrustRule description and acknowledgements', () => {
  test('describe() joins conditions with AND unless a description is given', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'a'), ClaimCondition.like('ref', 'b*'));

    // THEN
    expect(rule.describe()).toBe('sub equals "a" AND ref like "b*"');
    expect(rule.withDescription('deploys from main').describe()).toBe('deploys from main');
    expect(rule.description).toBeUndefined();
  });

  test('acknowledge() keeps a trimmed reason, replaces an earlier one for the same ID and survives and()', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'a'))
      .acknowledge('WT104', 'first reason, long enough')
      .acknowledge('WT104', '  plan-only role for pull requests  ')
      .acknowledge('WT107', 'the whole organisation deploys docs');

    // WHEN
    const extended = rule.and(ClaimCondition.equals('environment', 'prod')).withDescription('x');

    // THEN
    expect(rule.acknowledgements).toEqual([
      { findingId: 'WT104', reason: 'plan-only role for pull requests' },
      { findingId: 'WT107', reason: 'the whole organisation deploys docs' },
    ]);
    expect(extended.acknowledgements).toEqual(rule.acknowledgements);
  });

  test('acknowledging an unknown ID is refused', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'a'));

    // WHEN / THEN
    expectTrustError(() => rule.acknowledge('WT999', 'a perfectly good reason'), TrustErrorCode.INVALID_ACKNOWLEDGEMENT, '"WT999"', 'WT101');
    expectTrustError(() => rule.acknowledge('wt104', 'a perfectly good reason'), TrustErrorCode.INVALID_ACKNOWLEDGEMENT, '"wt104"');
  });

  test('a reason shorter than 10 characters (after trimming) is refused', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'a'));

    // WHEN / THEN
    expectTrustError(() => rule.acknowledge('WT104', 'too short'), TrustErrorCode.INVALID_ACKNOWLEDGEMENT, 'WT104', '"too short"', '10');
    expectTrustError(() => rule.acknowledge('WT104', '   short      '), TrustErrorCode.INVALID_ACKNOWLEDGEMENT, 'WT104');
    expectTrustError(() => rule.acknowledge('WT104', ''), TrustErrorCode.INVALID_ACKNOWLEDGEMENT, '""');
    expect(rule.acknowledge('WT104', '0123456789').acknowledgements).toEqual([{ findingId: 'WT104', reason: '0123456789' }]);
  });
});

describe('TrustRule validation', () => {
  test('a rule with no condition is refused', () => {
    // WHEN / THEN
    const err = expectTrustError(() => TrustRule.allOf(), TrustErrorCode.NO_RULE, 'no condition');
    expect(err.message).toContain('every token');
  });
});

describe('TrustRule fast-check properties', () => {
  test('property 6b: allOf(c1, c2) matches iff c1 and c2 match', () => {
    fc.assert(fc.property(conditionSpec, conditionSpec, lawClaims, (s1, s2, claims) => {
      // GIVEN
      const c1 = buildCondition(s1);
      const c2 = buildCondition(s2);
      const v = (c: string) => (Object.prototype.hasOwnProperty.call(claims, c) ? claims[c] : undefined);

      // WHEN
      const matched = TrustRule.allOf(c1, c2).evaluate(claims).matched;

      // THEN same as the conditions, and the conditions agree with the reference
      return matched === (c1.matches(v(s1.claim)) && c2.matches(v(s2.claim)))
        && c1.matches(v(s1.claim)) === refHolds(s1, claims)
        && matched === (refHolds(s1, claims) && refHolds(s2, claims));
    }), PROPERTY_PARAMS);
  });

  test('property 6c: a rule matches iff every condition holds (reference), and the failed condition is the first that does not', () => {
    fc.assert(fc.property(fc.array(conditionSpec, { minLength: 1, maxLength: 4 }), lawClaims, (specs, claims) => {
      // GIVEN
      const rule = buildRule(specs);

      // WHEN
      const outcome = rule.evaluate(claims, 3);

      // THEN
      const firstFailing = specs.findIndex((s) => !refHolds(s, claims));
      return outcome.matched === refRuleHolds(specs, claims)
        && outcome.index === 3
        && (firstFailing < 0 ? outcome.failedCondition === undefined : outcome.failedCondition === rule.conditions[firstFailing]);
    }), PROPERTY_PARAMS);
  });
});
