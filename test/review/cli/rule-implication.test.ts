import * as fc from 'fast-check';
import { ClaimCondition, TrustRule } from '../../../src';
import { claimSetOf, ruleCovered, ruleImplies } from '../../../src/review/cli/rule-implication';
import { PROPERTY_PARAMS } from '../../core/support';

// Property runs and reviews take seconds, more when the whole suite runs in parallel.
jest.setTimeout(120_000);

const sets = (rule: TrustRule) => rule.conditions.map((c) => claimSetOf({ claim: c.claim, operator: c.operator, values: c.values }));

describe('ruleImplies / ruleCovered', () => {
  test('examples: values inside allowed values, patterns inside patterns, a missing condition', () => {
    const main = TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:ref:refs/heads/main'));
    const heads = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:ref:refs/heads/*'));
    const pinned = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'), ClaimCondition.equals('repository_id', '42'));
    expect(ruleImplies(sets(main), sets(heads))).toBe(true);
    expect(ruleImplies(sets(heads), sets(main))).toBe(false);
    expect(ruleImplies(sets(pinned), sets(heads))).toBe(false); // app:* is wider than app:ref:refs/heads/*
    expect(ruleImplies(sets(main.and(ClaimCondition.equals('repository_id', '42'))), sets(pinned))).toBe(true);
    expect(ruleImplies(sets(heads), sets(pinned))).toBe(false); // no repository_id condition
    expect(ruleImplies([], [])).toBe(true); // no condition: every token, covered only by every token
    expect(ruleImplies([], sets(main))).toBe(false);
    expect(ruleImplies(sets(main), [])).toBe(true);
  });

  test('a rule with two values is covered by two rules with one each (pieces)', () => {
    const both = TrustRule.allOf(ClaimCondition.equals('sub', 'a', 'b'), ClaimCondition.like('ref', 'refs/heads/*'));
    const a = TrustRule.allOf(ClaimCondition.equals('sub', 'a'));
    const b = TrustRule.allOf(ClaimCondition.like('sub', 'b*'), ClaimCondition.like('ref', 'refs/*'));
    expect(ruleImplies(sets(both), sets(a))).toBe(false);
    expect(ruleCovered(sets(both), [sets(a), sets(b)])).toBe(true);
    expect(ruleCovered(sets(both), [sets(a)])).toBe(false);
  });

  test('property: covered means every token the rule admits is admitted by a cover rule (TrustRule.evaluate)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '/'), minLength: 1, maxLength: 4 });
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?'), minLength: 1, maxLength: 4 });
    const condition = fc.oneof(
      fc.tuple(fc.constantFrom('sub', 'ref'), fc.array(value, { minLength: 1, maxLength: 2 })).map(([c, v]) => ClaimCondition.equals(c, ...v)),
      fc.tuple(fc.constantFrom('sub', 'ref'), fc.array(pattern, { minLength: 1, maxLength: 2 })).map(([c, v]) => ClaimCondition.like(c, ...v)),
    );
    const rule = fc.array(condition, { minLength: 1, maxLength: 3 }).map((cs) => TrustRule.allOf(...cs));
    const claimValue = fc.option(fc.string({ unit: fc.constantFrom('a', 'b', '/', 'x'), maxLength: 5 }), { nil: undefined });
    const token = fc.record({ sub: claimValue, ref: claimValue });
    let covered = 0;
    /** The rule, or a wider one: the last condition dropped, or `*` after the first condition's values. */
    const wider = (r: TrustRule) => fc.constantFrom('same', 'drop', 'star').map((how) => {
      const [first, ...rest] = r.conditions;
      if (how === 'drop' && rest.length > 0) return TrustRule.allOf(first, ...rest.slice(0, -1));
      if (how === 'star') return TrustRule.allOf(ClaimCondition.like(first.claim, ...first.values.map((v) => `${v}*`)), ...rest);
      return r;
    });
    // Covers: random rules, and often a wider variant of the rule, so that "covered" is common.
    const pair = rule.chain((r) => fc.tuple(fc.constant(r), fc.array(fc.oneof(rule, wider(r)), { minLength: 1, maxLength: 3 })));
    fc.assert(fc.property(pair, fc.array(token, { minLength: 30, maxLength: 30 }), ([r, cover], tokens) => {
      if (!ruleCovered(sets(r), cover.map(sets))) return;
      covered++;
      // Tokens: random ones and instances of the rule's first values.
      const instance = Object.fromEntries(r.conditions.map((c) => [c.claim, c.values[0].replace(/\*/g, 'ab').replace(/\?/g, 'x')]));
      for (const t of [...tokens, instance]) {
        const claims = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
        if (r.evaluate(claims).matched) expect({ claims, covered: cover.some((o) => o.evaluate(claims).matched) }).toEqual({ claims, covered: true });
      }
    }), PROPERTY_PARAMS);
    expect(covered).toBeGreaterThan((PROPERTY_PARAMS.numRuns ?? 1000) / 5);
  });
});
