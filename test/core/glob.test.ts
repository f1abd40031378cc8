import * as fc from 'fast-check';
import {
  expectTrustError,
  globCase,
  instanceOf,
  literalTokens,
  patternString,
  patternTokens,
  PROPERTY_PARAMS,
  refCommonValue,
  refMatch,
  refMatchTokens,
  valueChar,
  valueFor,
  valueString,
} from './support';
import { Glob, GlobSegment, GlobSegmentKind, TrustErrorCode } from '../../src';

const lit = (text: string): GlobSegment => ({ kind: GlobSegmentKind.LITERAL, text });
const RUN: GlobSegment = { kind: GlobSegmentKind.ANY_RUN };
const CHAR: GlobSegment = { kind: GlobSegmentKind.ANY_CHAR };

/** Reads Glob.toString() back into segments: `\` escapes the next character, `*` and `?` are wildcards. */
function parseGlobText(text: string): GlobSegment[] {
  const out: GlobSegment[] = [];
  let literal = '';
  const cps = Array.from(text);
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    if (ch === '\\') {
      if (i + 1 >= cps.length) throw new Error(`dangling escape in ${JSON.stringify(text)}`);
      literal += cps[++i];
    } else if (ch === '*' || ch === '?') {
      if (literal) out.push(lit(literal));
      literal = '';
      out.push(ch === '*' ? RUN : CHAR);
    } else {
      literal += ch;
    }
  }
  if (literal) out.push(lit(literal));
  return out;
}

describe('Glob.pattern', () => {
  test('* matches any run of characters, the empty run, / and : included', () => {
    // GIVEN
    const glob = Glob.pattern('repo:acme/*');

    // THEN
    expect(glob.matches('repo:acme/')).toBe(true);
    expect(glob.matches('repo:acme/app')).toBe(true);
    expect(glob.matches('repo:acme/app:ref:refs/heads/main')).toBe(true);
    expect(glob.matches('repo:acme/a/b/c')).toBe(true);
    expect(glob.matches('repo:acme')).toBe(false);
    expect(glob.matches('repo:acme-evil/app')).toBe(false);
  });

  test('* in the middle can match across delimiters', () => {
    // GIVEN
    const glob = Glob.pattern('a*z');

    // THEN
    expect(glob.matches('az')).toBe(true);
    expect(glob.matches('a/:/:z')).toBe(true);
    expect(glob.matches('a/:/:zz')).toBe(true);
    expect(glob.matches('a/:/:zy')).toBe(false);
  });

  test('? matches exactly one character, never zero or two', () => {
    // GIVEN
    const glob = Glob.pattern('v?');

    // THEN
    expect(glob.matches('v1')).toBe(true);
    expect(glob.matches('v/')).toBe(true);
    expect(glob.matches('v')).toBe(false);
    expect(glob.matches('v12')).toBe(false);
  });

  test('? is one Unicode code point: an astral character is one, a combining sequence is two', () => {
    // GIVEN
    const one = Glob.pattern('x?y');
    const two = Glob.pattern('x??y');

    // THEN astral: one code point, two UTF-16 units
    expect(one.matches('x😀y')).toBe(true);
    expect(two.matches('x😀y')).toBe(false);
    // THEN e + combining acute: two code points
    expect(one.matches('xe\u0301y')).toBe(false);
    expect(two.matches('xe\u0301y')).toBe(true);
    // THEN precomposed é: one code point
    expect(one.matches('xéy')).toBe(true);
  });

  test('matching is case-sensitive and literal for every other character', () => {
    // GIVEN
    const glob = Glob.pattern('Refs/$%{x}.\\');

    // THEN
    expect(glob.matches('Refs/$%{x}.\\')).toBe(true);
    expect(glob.matches('refs/$%{x}.\\')).toBe(false);
    expect(glob.matches('Refs/$%{x}X\\')).toBe(false);
  });

  test('the whole value must match, not a substring', () => {
    // GIVEN
    const glob = Glob.pattern('main');

    // THEN
    expect(glob.matches('main')).toBe(true);
    expect(glob.matches('xmain')).toBe(false);
    expect(glob.matches('mainx')).toBe(false);
    expect(glob.matches('')).toBe(false);
  });

  test('backtracking: several * with repeated literals', () => {
    // GIVEN
    const glob = Glob.pattern('*ab*ab?');

    // THEN
    expect(glob.matches('abab1')).toBe(true);
    expect(glob.matches('xxabxxabab1')).toBe(true);
    expect(glob.matches('abab')).toBe(false);
    expect(glob.matches('ab1')).toBe(false);
  });

  test('segments are normalized: literals merged, wildcard runs become ?s then one *', () => {
    // WHEN
    const glob = Glob.pattern('a*?**?b');

    // THEN
    expect(glob.segments).toEqual([lit('a'), CHAR, CHAR, RUN, lit('b')]);
    expect(glob.toString()).toBe('a??*b');
  });

  test('an empty pattern is refused', () => {
    // WHEN / THEN
    expectTrustError(() => Glob.pattern(''), TrustErrorCode.INVALID_VALUE, '""');
  });
});

describe('Glob.literal and Glob.concat', () => {
  test('Glob.literal keeps * and ? literal', () => {
    // GIVEN
    const glob = Glob.literal('feature/*?');

    // THEN
    expect(glob.matches('feature/*?')).toBe(true);
    expect(glob.matches('feature/x?')).toBe(false);
    expect(glob.matches('feature/*x')).toBe(false);
    expect(glob.matches('feature/')).toBe(false);
    expect(glob.isLiteral).toBe(true);
    expect(glob.toString()).toBe('feature/\\*\\?');
  });

  test('Glob.concat keeps a user-supplied * literal before a real wildcard', () => {
    // GIVEN a branch named 'rel*'
    const glob = Glob.concat(Glob.literal('refs/heads/rel*/'), Glob.anyRun());

    // THEN
    expect(glob.matches('refs/heads/rel*/1.0')).toBe(true);
    expect(glob.matches('refs/heads/rel*/')).toBe(true);
    expect(glob.matches('refs/heads/release/1.0')).toBe(false);
    expect(glob.segments).toEqual([lit('refs/heads/rel*/'), RUN]);
    expect(glob.toString()).toBe('refs/heads/rel\\*/*');
  });

  test('Glob.concat of wildcards: anyChar + anyRun = at least one character', () => {
    // GIVEN
    const glob = Glob.concat(Glob.literal('v'), Glob.anyRun(), Glob.anyChar());

    // THEN
    expect(glob.segments).toEqual([lit('v'), CHAR, RUN]);
    expect(glob.matches('v')).toBe(false);
    expect(glob.matches('v1')).toBe(true);
    expect(glob.matches('v1.2.3')).toBe(true);
  });

  test('a literal backslash is escaped in toString so it cannot be read as an escape', () => {
    // GIVEN a literal ending in a backslash, then a real wildcard; and a literal backslash-star
    const wild = Glob.concat(Glob.literal('a\\'), Glob.anyRun());
    const literal = Glob.literal('a\\*');

    // THEN
    expect(wild.toString()).toBe('a\\\\*');
    expect(literal.toString()).toBe('a\\\\\\*');
    expect(wild.sameAs(literal)).toBe(false);
    expect(wild.matches('a\\zzz')).toBe(true);
    expect(literal.matches('a\\zzz')).toBe(false);
  });

  test('an empty literal and an empty concat are refused', () => {
    // WHEN / THEN
    expectTrustError(() => Glob.literal(''), TrustErrorCode.INVALID_VALUE, '""');
    expectTrustError(() => Glob.concat(), TrustErrorCode.INVALID_VALUE, 'no parts');
  });
});

describe('Glob properties', () => {
  test('isLiteral, isWildcardOnly and literalPrefix', () => {
    // GIVEN
    const cases: Array<[Glob, boolean, boolean, string]> = [
      [Glob.pattern('abc'), true, false, 'abc'],
      [Glob.pattern('*'), false, true, ''],
      [Glob.pattern('?*'), false, true, ''],
      [Glob.pattern('??'), false, true, ''],
      [Glob.pattern('repo:acme/*:x'), false, false, 'repo:acme/'],
      [Glob.concat(Glob.literal('a*'), Glob.anyChar()), false, false, 'a*'],
    ];

    // THEN
    for (const [glob, literal, wildcardOnly, prefix] of cases) {
      expect({ text: glob.toString(), literal: glob.isLiteral, wildcardOnly: glob.isWildcardOnly, prefix: glob.literalPrefix })
        .toEqual({ text: glob.toString(), literal, wildcardOnly, prefix });
    }
  });

  test('sameAs compares normalized patterns', () => {
    // THEN
    expect(Glob.pattern('*?').sameAs(Glob.pattern('?*'))).toBe(true);
    expect(Glob.pattern('a**b').sameAs(Glob.pattern('a*b'))).toBe(true);
    expect(Glob.concat(Glob.literal('ab'), Glob.literal('c')).sameAs(Glob.pattern('abc'))).toBe(true);
    expect(Glob.pattern('a*').sameAs(Glob.literal('a*'))).toBe(false);
    expect(Glob.pattern('a?').sameAs(Glob.pattern('a*'))).toBe(false);
  });
});

describe('Glob.overlaps', () => {
  test.each([
    ['repo:acme/*', '*:pull_request', true],
    ['repo:acme/app:ref:refs/heads/*', '*:pull_request', true],
    ['repo:acme/app:ref:refs/tags/v?', '*:pull_request', false],
    ['repo:acme/app:pull_request', '*:pull_request', true],
    ['a*', '*b', true],
    ['a?', '?b', true],
    ['a?', 'abc', false],
    ['a*', 'b*', false],
    ['*x*', '*y*', true],
    ['???', '??', false],
    ['?*', 'ab', true],
  ])('%j overlaps %j is %j', (a, b, expected) => {
    // GIVEN
    const ga = Glob.pattern(a);
    const gb = Glob.pattern(b);

    // WHEN / THEN both directions
    expect(ga.overlaps(gb)).toBe(expected);
    expect(gb.overlaps(ga)).toBe(expected);
  });

  test('excluded characters: the other pattern\'s wildcards may not stand for them', () => {
    // GIVEN a pull request subject whose wildcard never holds a raw ':'
    const pr = Glob.pattern('repo:*:pull_request');
    const environments = Glob.pattern('repo:acme/app:environment:*');
    const anyRef = Glob.pattern('repo:acme/app:*');

    // THEN
    expect(environments.overlaps(pr)).toBe(true);
    expect(environments.overlaps(pr, ':')).toBe(false);
    expect(anyRef.overlaps(pr, ':')).toBe(true);
    // THEN this pattern's own wildcards are not restricted
    expect(Glob.pattern('repo:*').overlaps(Glob.literal('repo:a:pull_request'), ':')).toBe(true);
    expect(Glob.literal('repo:a:b:pull_request').overlaps(pr, ':')).toBe(false);
    expect(Glob.literal('repo:a/b:pull_request').overlaps(pr, ':')).toBe(true);
  });

  test('a literal * overlaps only values with a literal *', () => {
    // GIVEN
    const literalStar = Glob.literal('a*');

    // THEN
    expect(literalStar.overlaps(Glob.pattern('a?'))).toBe(true);
    expect(literalStar.overlaps(Glob.literal('ab'))).toBe(false);
    expect(literalStar.overlaps(Glob.pattern('ab*'))).toBe(false);
  });
});

describe('Glob fast-check properties', () => {
  test('property 1: Glob.pattern(p).matches(s) agrees with the reference matcher', () => {
    // GIVEN random patterns, and random, derived and near-miss values
    const arb = patternString(10).chain((p) => fc.tuple(fc.constant(p), valueFor(patternTokens(p))));

    // THEN
    fc.assert(fc.property(arb, ([p, s]) => Glob.pattern(p).matches(s) === refMatch(p, s)), PROPERTY_PARAMS);
  });

  test('property 1b: globs built from parts match like their token sequence', () => {
    // GIVEN literal, pattern and wildcard parts concatenated
    const arb = globCase().chain((g) => fc.tuple(fc.constant(g), valueFor(g.tokens)));

    // THEN
    fc.assert(fc.property(arb, ([g, s]) => g.glob.matches(s) === refMatchTokens(g.tokens, s)), PROPERTY_PARAMS);
  });

  test('property 1c: a value derived from a pattern always matches it', () => {
    // GIVEN each * replaced by a random string and each ? by a random character
    const arb = patternString(10).chain((p) => fc.tuple(fc.constant(p), instanceOf(patternTokens(p))));

    // THEN
    fc.assert(fc.property(arb, ([p, s]) => Glob.pattern(p).matches(s)), PROPERTY_PARAMS);
  });

  test('property 2: overlaps is symmetric and agrees with a reference intersection search', () => {
    // GIVEN two random globs
    fc.assert(fc.property(globCase(), globCase(), (a, b) => {
      const ab = a.glob.overlaps(b.glob);
      const ba = b.glob.overlaps(a.glob);
      const witness = refCommonValue(a.tokens, b.tokens);
      // THEN symmetric, same answer as the reference, and the reference witness matches both
      return ab === ba && ab === (witness !== undefined) && (witness === undefined || (a.glob.matches(witness) && b.glob.matches(witness)));
    }), PROPERTY_PARAMS);
  });

  test('property 2d: overlaps(other, excludes) agrees with the reference when other\'s wildcards exclude characters', () => {
    // GIVEN two globs and excluded characters from the delimiters the issuers use
    const excludes = fc.string({ unit: fc.constantFrom(':', '/', 'a', '*'), maxLength: 2 });

    // THEN
    fc.assert(fc.property(globCase(), globCase(), excludes, (a, b, ex) => {
      const witness = refCommonValue(a.tokens, b.tokens, ex);
      return a.glob.overlaps(b.glob, ex) === (witness !== undefined)
        && (witness === undefined || (a.glob.matches(witness) && b.glob.matches(witness)));
    }), PROPERTY_PARAMS);
  });

  test('property 2b: a value matching both globs implies overlap; no overlap means no sampled value matches both', () => {
    // GIVEN two globs and values derived from each, plus random values
    const arb = fc.tuple(globCase(), globCase()).chain(([a, b]) => fc.tuple(
      fc.constant(a), fc.constant(b),
      fc.array(fc.oneof(instanceOf(a.tokens), instanceOf(b.tokens), valueString(8)), { minLength: 1, maxLength: 8 }),
    ));

    // THEN
    fc.assert(fc.property(arb, ([a, b, samples]) => {
      const overlaps = a.glob.overlaps(b.glob);
      const someMatchesBoth = samples.some((s) => a.glob.matches(s) && b.glob.matches(s));
      return !someMatchesBoth || overlaps;
    }), PROPERTY_PARAMS);
  });

  test('property 2c: a pattern overlaps the literal glob of every value it matches, and only those', () => {
    // GIVEN a glob and a non-empty value (derived or random)
    const arb = globCase().chain((g) => fc.tuple(fc.constant(g), valueFor(g.tokens).filter((s) => s.length > 0)));

    // THEN
    fc.assert(fc.property(arb, ([g, s]) => g.glob.overlaps(Glob.literal(s)) === g.glob.matches(s)), PROPERTY_PARAMS);
  });

  test('property 4: Glob.literal(x).matches(y) iff x === y', () => {
    // GIVEN x with literal * and ?, and y equal to x, derived from x read as a pattern, or random
    const arb = patternString(8).chain((x) => fc.tuple(
      fc.constant(x),
      fc.oneof(fc.constant(x), instanceOf(patternTokens(x)), valueString(8)),
    ));

    // THEN
    fc.assert(fc.property(arb, ([x, y]) => Glob.literal(x).matches(y) === (x === y)), PROPERTY_PARAMS);
  });

  test('property 4b: Glob.concat(Glob.literal(a), Glob.anyRun()).matches(s) iff s starts with a', () => {
    // GIVEN a prefix with literal wildcards, and s = a + suffix, a near miss, or random
    const arb = patternString(6).chain((a) => fc.tuple(
      fc.constant(a),
      fc.oneof(valueString(5).map((rest) => a + rest), valueString(5).map((rest) => a + rest).chain(mutateFirst), valueString(10)),
    ));
    function mutateFirst(s: string): fc.Arbitrary<string> {
      return valueChar.map((ch) => ch + Array.from(s).slice(1).join(''));
    }

    // THEN
    fc.assert(fc.property(arb, ([a, s]) => {
      const expected = Array.from(a).every((ch, i) => Array.from(s)[i] === ch);
      return Glob.concat(Glob.literal(a), Glob.anyRun()).matches(s) === expected && expected === s.startsWith(a);
    }), PROPERTY_PARAMS);
  });

  test('property 7: toString is unambiguous: it reads back to the same segments', () => {
    // GIVEN globs from parts, literals rich in \, * and ?
    fc.assert(fc.property(globCase(), (g) => {
      // THEN
      expect(parseGlobText(g.glob.toString())).toEqual(g.glob.segments);
      return true;
    }), PROPERTY_PARAMS);
  });

  test('property 7b: two globs with equal toString() have identical segments and match the same values', () => {
    // GIVEN globs over a tiny alphabet (so texts often collide) and a value
    const tiny = ['a', '\\', '*', '?'];
    const arb = fc.tuple(globCase(tiny, 3), globCase(tiny, 3), fc.string({ unit: fc.constantFrom(...tiny), maxLength: 6 }));

    // THEN
    fc.assert(fc.property(arb, ([a, b, s]) => {
      if (a.glob.toString() !== b.glob.toString()) return !a.glob.sameAs(b.glob);
      expect(a.glob.segments).toEqual(b.glob.segments);
      return a.glob.sameAs(b.glob) && a.glob.matches(s) === b.glob.matches(s);
    }), PROPERTY_PARAMS);
  });

  test('property 7c: segments are normalized (no empty or adjacent literals; ?s before one * in a wildcard run)', () => {
    fc.assert(fc.property(globCase(), (g) => {
      const segs = g.glob.segments;
      // THEN
      return segs.every((s, i) => {
        const next = segs[i + 1];
        if (s.kind === GlobSegmentKind.LITERAL) return !!s.text && next?.kind !== GlobSegmentKind.LITERAL;
        if (s.kind === GlobSegmentKind.ANY_RUN) return next === undefined || next.kind === GlobSegmentKind.LITERAL;
        return true;
      });
    }), PROPERTY_PARAMS);
  });

  test('literalTokens helper agrees with Glob.literal (sanity of the reference)', () => {
    // GIVEN
    const text = 'a*?😀';

    // THEN
    expect(refMatchTokens(literalTokens(text), text)).toBe(true);
    expect(refMatchTokens(literalTokens(text), 'a*x😀')).toBe(false);
    expect(Glob.literal(text).matches(text)).toBe(true);
  });
});

describe('Glob: work kept beside the pattern', () => {
  test('matching and overlap tests leave equal globs equal (the positions are not kept in the object)', () => {
    // GIVEN two globs of one pattern
    const used = Glob.pattern('repo:acme/*');
    const fresh = Glob.pattern('repo:acme/*');

    // WHEN only one is matched and compared
    expect(used.matches('repo:acme/app')).toBe(true);
    expect(used.overlaps(Glob.pattern('*/app'))).toBe(true);

    // THEN they are still equal, and nothing but the segments is visible
    expect(used).toEqual(fresh);
    expect(Object.keys(used)).toEqual(['segments']);
  });

  test('concatenated literals are one literal, as the general path normalizes them', () => {
    // GIVEN literal parts, one with characters that are wildcards elsewhere
    const joined = Glob.concat(Glob.literal('repo:'), Glob.literal('a*b'), Glob.literal('?'));

    // THEN
    expect(joined.segments).toEqual([{ kind: GlobSegmentKind.LITERAL, text: 'repo:a*b?' }]);
    expect(joined.isLiteral).toBe(true);
    expect(joined.matches('repo:a*b?')).toBe(true);
    expect(joined.matches('repo:aXb?')).toBe(false);
  });

  test('long patterns (beyond the flat search table) overlap as the reference says', () => {
    // GIVEN patterns whose pairs of positions outnumber the flat table (65,536)
    const long = `${'x'.repeat(350)}:${'x'.repeat(350)}:pull_request`;
    const many = `x${'*x'.repeat(60)}:pull_request`;
    const cases: Array<[string, string, string]> = [
      [long, many, ''],
      [long, many, ':'],
      [`${'x'.repeat(700)}:pull_request`, many, ':'],
      [long, `x${'*y'.repeat(60)}*`, ''],
    ];
    for (const [literal, pattern, excludes] of cases) {
      expect(Array.from(literal).length * Array.from(pattern).length).toBeGreaterThan(65536);

      // WHEN
      const overlaps = Glob.literal(literal).overlaps(Glob.pattern(pattern), excludes);

      // THEN
      expect(overlaps).toBe(refCommonValue(literalTokens(literal), patternTokens(pattern), excludes) !== undefined);
    }
    // THEN both answers occur
    expect(Glob.literal(long).overlaps(Glob.pattern(many), ':')).toBe(false);
    expect(Glob.literal(long).overlaps(Glob.pattern(many))).toBe(true);
  });

  test('a value with or without characters outside the BMP matches the same way', () => {
    const glob = Glob.pattern('a?c*');
    expect(glob.matches('a😀c')).toBe(true);
    expect(glob.matches('abc')).toBe(true);
    expect(glob.matches('a😀😀c')).toBe(false);
    expect(glob.matches('a\ud83dc')).toBe(true);
  });
});
