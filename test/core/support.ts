/**
 * Shared helpers for the core tests: expected-error assertions, a GitHub-like issuer for the lint
 * tests, fast-check arbitraries and independent reference implementations of the glob semantics.
 *
 * The reference implementations are written from the definitions in DESIGN.md ("`*` any run,
 * `?` exactly one character, everything else literal and case-sensitive", one character = one
 * Unicode code point), not from src, so the properties compare two independent readings.
 */
import * as fc from 'fast-check';
import { BoundaryScope, ClaimCondition, Glob, OidcIssuer, TrustErrorCode, TrustRule } from '../../src';
import { TrustError } from '../../src/core/errors';

// ---------------------------------------------------------------------------------------------
// Property-test settings
// ---------------------------------------------------------------------------------------------

/** An integer setting from the environment: `fallback` when unset, not an integer or not `accepted`. */
export function envInteger(name: string, fallback: number, accepted: (n: number) => boolean = () => true): number {
  const n = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isInteger(n) && accepted(n) ? n : fallback;
}

/** Runs per property: WT_PROPERTY_RUNS, default 1000. */
export const PROPERTY_RUNS = envInteger('WT_PROPERTY_RUNS', 1000, (n) => n > 0);

/** The seed of every property run: WT_SEED, default fixed so that CI runs are reproducible. */
export const PROPERTY_SEED = envInteger('WT_SEED', 20261204);

/** fc.assert parameters shared by every property. */
export const PROPERTY_PARAMS: fc.Parameters<unknown> = { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED };

// ---------------------------------------------------------------------------------------------
// Error assertions
// ---------------------------------------------------------------------------------------------

/**
 * Runs `fn`, expects it to throw a TrustError with `code`, a message containing every `mentions`
 * text and a `Fix:` part, and returns the error for further checks.
 */
export function expectTrustError(fn: () => unknown, code: TrustErrorCode, ...mentions: string[]): TrustError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TrustError);
  const err = thrown as TrustError;
  expect(err.code).toBe(code);
  expect(err.message).toContain(`[${code}]`);
  expect(err.message).toContain('Fix:');
  for (const m of mentions) {
    expect(err.message).toContain(m);
  }
  return err;
}

// ---------------------------------------------------------------------------------------------
// Issuers
// ---------------------------------------------------------------------------------------------

export const GITHUB_URL = 'https://token.actions.githubusercontent.com';

/**
 * An issuer described like GitHub Actions: `sub` = `repo:OWNER/REPO:...`, the owner ends at the
 * first `/` (tenant boundary), the repository at the second `:` (workload boundary), and pull
 * request tokens have a `sub` ending in `:pull_request`.
 */
export function githubLikeIssuer(): OidcIssuer {
  return OidcIssuer.fromUrl(GITHUB_URL, {
    displayName: 'GitHub-like Actions',
    sharedIssuer: true,
    subjectClaims: ['sub', 'repository', 'repository_owner', 'repository_id', 'repository_owner_id'],
    workloadClaims: ['sub', 'repository', 'repository_id'],
    immutableClaims: ['repository_id', 'repository_owner_id'],
    namespaceBoundaries: [
      { claim: 'sub', scope: BoundaryScope.TENANT, delimiter: '/', occurrences: 1, namespace: 'repository owner' },
      { claim: 'sub', scope: BoundaryScope.WORKLOAD, delimiter: ':', occurrences: 2, namespace: 'repository' },
    ],
    pullRequestIndicators: [{ claim: 'sub', pattern: '*:pull_request' }],
  });
}

// ---------------------------------------------------------------------------------------------
// Reference glob semantics (independent of src)
// ---------------------------------------------------------------------------------------------

/** One position of a glob: a wildcard or one literal code point. */
export type RefToken = { readonly t: '*' } | { readonly t: '?' } | { readonly t: 'lit'; readonly ch: string };

/** The tokens of a pattern string: `*` and `?` are wildcards, every other code point literal. */
export function patternTokens(pattern: string): RefToken[] {
  return Array.from(pattern, (ch): RefToken => (ch === '*' ? { t: '*' } : ch === '?' ? { t: '?' } : { t: 'lit', ch }));
}

/** The tokens of a literal text: every code point literal, `*` and `?` included. */
export function literalTokens(text: string): RefToken[] {
  return Array.from(text, (ch): RefToken => ({ t: 'lit', ch }));
}

/**
 * Whether `value` matches the token sequence, by dynamic programming over code points:
 * ok[i][j] = the first i tokens match the first j code points of the value.
 */
export function refMatchTokens(tokens: readonly RefToken[], value: string): boolean {
  const s = Array.from(value);
  const n = tokens.length;
  const m = s.length;
  let prev: boolean[] = new Array(m + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= n; i++) {
    const tok = tokens[i - 1];
    const cur: boolean[] = new Array(m + 1).fill(false);
    for (let j = 0; j <= m; j++) {
      if (tok.t === '*') {
        // `*` matches nothing (prev[j]) or one more code point (cur[j - 1]).
        cur[j] = prev[j] || (j > 0 && cur[j - 1]);
      } else if (tok.t === '?') {
        cur[j] = j > 0 && prev[j - 1];
      } else {
        cur[j] = j > 0 && prev[j - 1] && s[j - 1] === tok.ch;
      }
    }
    prev = cur;
  }
  return prev[m];
}

/** Whether `value` matches the pattern string (reference semantics). */
export function refMatch(pattern: string, value: string): boolean {
  return refMatchTokens(patternTokens(pattern), value);
}

/**
 * A value matched by both token sequences, or undefined when none exists (the wildcards of `b`
 * never standing for a character of `bWildcardExcludes`): breadth-first search
 * over pairs of positions of the two patterns, reading one explicit character at a time from an
 * alphabet made of every literal of either pattern plus one character neither uses (any other
 * character behaves like that one).
 */
export function refCommonValue(a: readonly RefToken[], b: readonly RefToken[], bWildcardExcludes = ''): string | undefined {
  const excluded = new Set(Array.from(bWildcardExcludes));
  const literals = new Set<string>();
  for (const tok of [...a, ...b]) if (tok.t === 'lit') literals.add(tok.ch);
  const fresh = ['x', 'y', 'z', '\u0001', '\u0002'].find((c) => !literals.has(c) && !excluded.has(c))!;
  const alphabet = [...literals, fresh];

  // The positions reached from position i by reading c; `wildcardOk` says whether a wildcard may read c.
  const step = (tokens: readonly RefToken[], i: number, c: string, wildcardOk: boolean): number[] => {
    const tok = tokens[i];
    if (!tok) return [];
    if (tok.t === 'lit') return tok.ch === c ? [i + 1] : [];
    if (!wildcardOk) return [];
    return tok.t === '*' ? [i] : [i + 1];
  };

  type Node = { i: number; j: number; parent?: Node; ch: string };
  const key = (i: number, j: number) => `${i},${j}`;
  const seen = new Set<string>([key(0, 0)]);
  const queue: Node[] = [{ i: 0, j: 0, ch: '' }];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q];
    if (node.i === a.length && node.j === b.length) {
      let out = '';
      for (let n: Node | undefined = node; n; n = n.parent) out = n.ch + out;
      return out;
    }
    const next: Array<[number, number, string]> = [];
    // Empty moves: a `*` may stop matching.
    if (a[node.i]?.t === '*') next.push([node.i + 1, node.j, '']);
    if (b[node.j]?.t === '*') next.push([node.i, node.j + 1, '']);
    for (const c of alphabet) {
      for (const i2 of step(a, node.i, c, true)) {
        for (const j2 of step(b, node.j, c, !excluded.has(c))) next.push([i2, j2, c]);
      }
    }
    for (const [i2, j2, ch] of next) {
      if (seen.has(key(i2, j2))) continue;
      seen.add(key(i2, j2));
      queue.push({ i: i2, j: j2, ch, parent: node });
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/**
 * Characters of values: the wildcard characters (which are literal in values), IAM/CEL specials,
 * delimiters, letters in both cases, and Unicode: precomposed and combining (e + U+0301),
 * astral characters (surrogate pairs), CJK, ß.
 */
export const VALUE_CHARS = [
  'a', 'b', 'A', 'z', '0', '*', '?', '$', ':', '/', '%', '\\', '-', '.', ' ', '{', '"',
  'é', 'e', '\u0301', '😀', '𝄞', '中', 'ß',
];

/** Characters of patterns: the value characters with extra weight on the wildcards. */
export const PATTERN_CHARS = [...VALUE_CHARS, '*', '*', '?', '?'];

export const valueChar = fc.constantFrom(...VALUE_CHARS);

/** A string over VALUE_CHARS (possibly empty). */
export function valueString(maxLength = 10): fc.Arbitrary<string> {
  return fc.string({ unit: valueChar, maxLength });
}

/** A non-empty pattern over PATTERN_CHARS. */
export function patternString(maxLength = 10): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...PATTERN_CHARS), minLength: 1, maxLength });
}

/** A value matching the tokens: each `*` replaced by a random string, each `?` by a random character. */
export function instanceOf(tokens: readonly RefToken[]): fc.Arbitrary<string> {
  if (tokens.length === 0) return fc.constant('');
  return fc.tuple(...tokens.map((tok): fc.Arbitrary<string> =>
    tok.t === '*' ? valueString(4) : tok.t === '?' ? valueChar : fc.constant(tok.ch)))
    .map((parts) => parts.join(''));
}

/** A small edit of a string (delete, insert or replace one code point), to get near misses. */
export function mutate(value: string): fc.Arbitrary<string> {
  const cps = Array.from(value);
  return fc.tuple(fc.nat({ max: cps.length }), valueChar, fc.constantFrom('delete', 'insert', 'replace'))
    .map(([at, ch, op]) => {
      const out = [...cps];
      if (op === 'insert') out.splice(at, 0, ch);
      else if (at < out.length) out.splice(at, 1, ...(op === 'replace' ? [ch] : []));
      return out.join('');
    });
}

/** A value for the tokens: random, an instance (so it matches), or a near miss of an instance. */
export function valueFor(tokens: readonly RefToken[]): fc.Arbitrary<string> {
  return fc.oneof(
    valueString(12),
    instanceOf(tokens),
    instanceOf(tokens).chain(mutate),
  );
}

/** A glob together with its tokens, built independently from the parts it was made of. */
export interface GlobCase {
  readonly glob: Glob;
  readonly tokens: RefToken[];
  readonly description: string;
}

type Part = { kind: 'literal' | 'pattern'; text: string } | { kind: 'anyRun' } | { kind: 'anyChar' };

/** Globs built from random parts: Glob.literal, Glob.pattern, Glob.anyRun and Glob.anyChar, concatenated. */
export function globCase(chars: readonly string[] = PATTERN_CHARS, maxParts = 4): fc.Arbitrary<GlobCase> {
  const text = fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 5 });
  const part: fc.Arbitrary<Part> = fc.oneof(
    text.map((t): Part => ({ kind: 'literal', text: t })),
    text.map((t): Part => ({ kind: 'pattern', text: t })),
    fc.constant<Part>({ kind: 'anyRun' }),
    fc.constant<Part>({ kind: 'anyChar' }),
  );
  return fc.array(part, { minLength: 1, maxLength: maxParts }).map((parts) => {
    const globs = parts.map((p) => {
      switch (p.kind) {
        case 'literal': return Glob.literal(p.text);
        case 'pattern': return Glob.pattern(p.text);
        case 'anyRun': return Glob.anyRun();
        default: return Glob.anyChar();
      }
    });
    const tokens = parts.flatMap((p): RefToken[] => {
      switch (p.kind) {
        case 'literal': return literalTokens(p.text);
        case 'pattern': return patternTokens(p.text);
        case 'anyRun': return [{ t: '*' }];
        default: return [{ t: '?' }];
      }
    });
    const description = parts.map((p) => ('text' in p ? `${p.kind}(${JSON.stringify(p.text)})` : `${p.kind}()`)).join(' + ');
    return { glob: Glob.concat(...globs), tokens, description };
  });
}

// ---------------------------------------------------------------------------------------------
// Conditions, rules and claims for the OR/AND properties
// ---------------------------------------------------------------------------------------------

/** The claims the OR/AND properties use. */
export const LAW_CLAIMS = ['sub', 'ref', 'environment'];

/** A small alphabet, so that random claims often satisfy random conditions. */
const LAW_CHARS = ['a', 'b', ':', '/', '*', '?'];

/** A condition as plain data, evaluated by {@link refHolds} independently of ClaimCondition. */
export interface ConditionSpec {
  readonly claim: string;
  readonly op: 'equals' | 'like';
  readonly values: string[];
}

export const conditionSpec: fc.Arbitrary<ConditionSpec> = fc.record({
  claim: fc.constantFrom(...LAW_CLAIMS),
  op: fc.constantFrom<'equals' | 'like'>('equals', 'like'),
  values: fc.array(fc.string({ unit: fc.constantFrom(...LAW_CHARS), minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
});

/** A rule as plain data: one to three conditions. */
export const ruleSpec: fc.Arbitrary<ConditionSpec[]> = fc.array(conditionSpec, { minLength: 1, maxLength: 3 });

/** Token claims over LAW_CLAIMS: each claim missing, a string (empty included) or, rarely, a non-string. */
export const lawClaims: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(LAW_CLAIMS.map((c) => [c, fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: fc.constantFrom(...LAW_CHARS), maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(1, true, null, ['a']) },
  )])),
  { requiredKeys: [] },
);

/** The reference reading of a condition: present string claim, equal to a value or matching a pattern. */
export function refHolds(spec: ConditionSpec, claims: Record<string, unknown>): boolean {
  const value = Object.prototype.hasOwnProperty.call(claims, spec.claim) ? claims[spec.claim] : undefined;
  if (typeof value !== 'string') return false;
  return spec.op === 'equals' ? spec.values.includes(value) : spec.values.some((p) => refMatch(p, value));
}

/** The reference reading of a rule: every condition holds. */
export function refRuleHolds(rule: readonly ConditionSpec[], claims: Record<string, unknown>): boolean {
  return rule.every((c) => refHolds(c, claims));
}

/** The ClaimCondition for a spec. */
export function buildCondition(spec: ConditionSpec): ClaimCondition {
  return spec.op === 'equals' ? ClaimCondition.equals(spec.claim, ...spec.values) : ClaimCondition.like(spec.claim, ...spec.values);
}

/** The TrustRule for a rule spec. */
export function buildRule(rule: readonly ConditionSpec[]): TrustRule {
  return TrustRule.allOf(...rule.map(buildCondition));
}
