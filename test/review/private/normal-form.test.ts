import * as fc from 'fast-check';
import { ClaimCondition, TrustRule } from '../../../src';
import { normalConditions } from '../../../src/review/private/normal-form';
import { PROPERTY_PARAMS } from '../../core/support';

const texts = (conditions: ClaimCondition[] | undefined) => conditions?.map((c) => c.toString());

/** Conditions on a few claims, equals and like, with repeated claims and values likely. */
const condition = fc.tuple(
  fc.constantFrom('sub', 'ref', 'repository_id', 'aa', 'a', 'b'),
  fc.boolean(),
  fc.array(fc.constantFrom('x', 'y', 'x*', 'a?', '*', 'xy'), { minLength: 1, maxLength: 3 }),
).map(([claim, equals, values]) => (equals ? ClaimCondition.equals(claim, ...values) : ClaimCondition.like(claim, ...values)));

/** Code-unit order, as the normal form sorts (not the locale's). */
function ordered(a: ClaimCondition, b: ClaimCondition): number {
  const key = (c: ClaimCondition) => [c.claim, c.operator, c.toString()];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

describe('normalConditions', () => {
  test('conditions already in normal form, one per claim, come back sorted, as they are', () => {
    // GIVEN one normal condition per claim, out of order
    const sub = ClaimCondition.equals('sub', 'a', 'b');
    const ref = ClaimCondition.like('ref', 'refs/heads/*');
    const id = ClaimCondition.equals('repository_id', '1');

    // WHEN
    const normal = normalConditions([sub, ref, id])!;

    // THEN the same conditions, sorted by claim
    expect(normal).toEqual([ref, id, sub]);
    expect(normal[0]).toBe(ref);
  });

  test('property: the quick path (one normal condition per claim) and the merging path agree', () => {
    fc.assert(fc.property(fc.array(condition, { minLength: 1, maxLength: 6 }), (conditions) => {
      // GIVEN the conditions, and the same with one condition repeated (which only the merging
      // path takes, and which changes nothing about the rule)
      const repeated = [...conditions, conditions[0]];

      // THEN
      expect(texts(normalConditions(repeated))).toEqual(texts(normalConditions(conditions)));
    }), PROPERTY_PARAMS);
  });

  test('property: the result is sorted by claim, operator and text, and normal already', () => {
    fc.assert(fc.property(fc.array(condition, { minLength: 1, maxLength: 24 }), (conditions) => {
      const normal = normalConditions(conditions);
      if (normal === undefined) return;

      // THEN sorted (insertion sort up to 16 conditions, Array.sort beyond), and a fixed point
      expect(texts(normal)).toEqual(texts([...normal].sort(ordered)));
      expect(texts(normalConditions(normal))).toEqual(texts(normal));
    }), PROPERTY_PARAMS);
  });

  test('property: the normal form admits exactly the tokens the conditions admit', () => {
    const claims = fc.record({ sub: fc.constantFrom('x', 'y', 'xy', 'ab', 'x*'), ref: fc.constantFrom('x', 'xy', 'a1'), a: fc.constantFrom('x', 'y') });
    fc.assert(fc.property(fc.array(condition, { minLength: 1, maxLength: 6 }), claims, (conditions, token) => {
      const normal = normalConditions(conditions);
      const holds = TrustRule.allOf(...conditions).evaluate(token).matched;
      expect(normal === undefined ? false : TrustRule.allOf(...normal).evaluate(token).matched).toBe(holds);
    }), PROPERTY_PARAMS);
  });
});
