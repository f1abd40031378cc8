import * as fc from 'fast-check';
import { Glob } from '../../../src';
import { globContainment, globFromText } from '../../../src/review/cli/glob-containment';
import { instanceOf, patternString, patternTokens, PROPERTY_PARAMS, refMatch } from '../../core/support';

// Property runs and reviews take seconds, more when the whole suite runs in parallel.
jest.setTimeout(120_000);

/** Patterns over a small alphabet, so containment and its failures both happen often. */
const small = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?'), minLength: 1, maxLength: 6 });
/** Every string of length 0..5 over a, b, / and one character no pattern uses. */
const ALL_SHORT: string[] = (() => {
  const out = [''];
  let layer = [''];
  for (let n = 0; n < 5; n++) {
    layer = layer.flatMap((s) => ['a', 'b', '/', 'x'].map((c) => s + c));
    out.push(...layer);
  }
  return out;
})();

describe('globContainment', () => {
  test('examples: a prefix inside a wider prefix, the tenant boundary, a union of patterns', () => {
    // GIVEN / WHEN / THEN
    expect(globContainment(Glob.pattern('repo:acme/app:*'), [Glob.pattern('repo:acme/*')]).contained).toBe(true);
    expect(globContainment(Glob.pattern('repo:acme/*'), [Glob.pattern('repo:acme/app:*')])).toEqual({ contained: false, witness: 'repo:acme/' });
    const tenant = globContainment(Glob.pattern('repo:acme*'), [Glob.pattern('repo:acme/*')]);
    expect(tenant.contained).toBe(false);
    expect(refMatch('repo:acme*', tenant.witness!)).toBe(true);
    expect(refMatch('repo:acme/*', tenant.witness!)).toBe(false);
    // a* is a, or a followed by at least one character: covered only by the union
    expect(globContainment(Glob.pattern('a*'), [Glob.pattern('a'), Glob.pattern('a?*')]).contained).toBe(true);
    expect(globContainment(Glob.pattern('a*'), [Glob.pattern('a?*')])).toEqual({ contained: false, witness: 'a' });
    expect(globContainment(Glob.pattern('*'), [])).toEqual({ contained: false, witness: '' });
  });

  test('literal characters: a literal * is a character, not a wildcard', () => {
    const literalStar = Glob.concat(Glob.literal('refs/heads/*'));
    expect(globContainment(literalStar, [Glob.pattern('refs/heads/*')]).contained).toBe(true);
    expect(globContainment(Glob.pattern('refs/heads/*'), [literalStar]).contained).toBe(false);
  });

  test('gives up past its state budget, answering "not contained"', () => {
    expect(globContainment(Glob.pattern('*a*b*a*b*'), [Glob.pattern('*b*a*')], 2)).toEqual({ contained: false, exhausted: true });
  });

  test('property: "not contained" always comes with a witness the pattern matches and the cover does not (reference matcher)', () => {
    fc.assert(fc.property(small, fc.array(small, { maxLength: 3 }), (p, qs) => {
      const r = globContainment(Glob.pattern(p), qs.map((q) => Glob.pattern(q)));
      if (r.contained) return;
      expect(r.exhausted).toBeUndefined();
      expect(refMatch(p, r.witness!)).toBe(true);
      for (const q of qs) expect(refMatch(q, r.witness!)).toBe(false);
    }), PROPERTY_PARAMS);
  });

  test('property: "contained" holds for every short value (exhaustive) and random instances (reference matcher)', () => {
    fc.assert(fc.property(small, fc.array(small, { minLength: 1, maxLength: 3 }), (p, qs) => {
      const r = globContainment(Glob.pattern(p), qs.map((q) => Glob.pattern(q)));
      if (!r.contained) return;
      for (const v of ALL_SHORT) {
        if (refMatch(p, v)) expect(qs.some((q) => refMatch(q, v))).toBe(true);
      }
    }), { ...PROPERTY_PARAMS, numRuns: Math.min(PROPERTY_PARAMS.numRuns ?? 1000, 300) });
    fc.assert(fc.property(patternString(6), fc.array(patternString(6), { minLength: 1, maxLength: 3 }), fc.context(), (p, qs, ctx) => {
      const r = globContainment(Glob.pattern(p), qs.map((q) => Glob.pattern(q)));
      if (!r.contained) {
        expect(refMatch(p, r.witness!) && qs.every((q) => !refMatch(q, r.witness!))).toBe(true);
        return;
      }
      fc.assert(fc.property(instanceOf(patternTokens(p)), (v) => {
        ctx.log(v);
        expect(qs.some((q) => refMatch(q, v))).toBe(true);
      }), { numRuns: 20 });
    }), PROPERTY_PARAMS);
  });

  test('property: a literal is contained exactly when a cover pattern matches it', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '/'), minLength: 1, maxLength: 6 }), fc.array(small, { maxLength: 3 }), (v, qs) => {
      const r = globContainment(Glob.literal(v), qs.map((q) => Glob.pattern(q)));
      expect(r.contained).toBe(qs.some((q) => refMatch(q, v)));
    }), PROPERTY_PARAMS);
  });
});

describe('globFromText', () => {
  test('reads Glob.toString() back: wildcards, and escaped literal *, ? and \\', () => {
    const glob = Glob.concat(Glob.literal('a*b?c\\'), Glob.anyRun(), Glob.anyChar(), Glob.literal('d'));
    expect(glob.toString()).toBe('a\\*b\\?c\\\\?*d');
    expect(globFromText(glob.toString()).sameAs(glob)).toBe(true);
    expect(globFromText('a\\b').toString()).toBe('a\\\\b'); // a backslash before another character is literal
  });

  test('property: round trip of any glob', () => {
    const part = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '*', '?', '\\', 'é', '😀'), minLength: 1, maxLength: 4 }).map((t) => Glob.literal(t)),
      fc.constant(Glob.anyRun()),
      fc.constant(Glob.anyChar()),
    );
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
      const glob = Glob.concat(...parts);
      expect(globFromText(glob.toString()).toString()).toBe(glob.toString());
    }), PROPERTY_PARAMS);
  });
});
