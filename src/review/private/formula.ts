import { ClaimCondition, ConditionOperator } from '../../core/claim-condition';
import { Glob } from '../../core/glob';
import { SourceLocation } from '../source-location';
import { UnparsedKind } from '../unparsed-fragment';

/** A part of an expression the review cannot read, with its raw text and why. */
export interface Opaque {
  readonly kind: UnparsedKind;
  readonly raw: string;
  readonly reason: string;
  readonly source: SourceLocation;
}

/** A boolean formula over claim conditions, read from CEL. */
export type Formula =
  | { readonly type: 'const'; readonly value: boolean }
  | { readonly type: 'atom'; readonly condition: ClaimCondition }
  /** A claim presence or type check (`"c" in assertion`, `has(assertion.c)`, `type(assertion.c) == string`). */
  | { readonly type: 'guard'; readonly claim: string; readonly raw: string }
  | { readonly type: 'opaque'; readonly opaque: Opaque }
  | { readonly type: 'and' | 'or'; readonly items: Formula[] };

/** Always true. */
export const TRUE: Formula = { type: 'const', value: true };
/** Never true. */
export const FALSE: Formula = { type: 'const', value: false };

/** One conjunction of a formula in disjunctive normal form. */
export interface Conjunction {
  readonly conditions: ClaimCondition[];
  readonly guards: ReadonlyArray<{ readonly claim: string; readonly raw: string }>;
  readonly opaque: Opaque[];
  /** Where the conjunction comes from (a condition or a mapping). */
  readonly source?: SourceLocation;
}

/** A conjunction ready to become a rule: guards absorbed, condition keys computed. */
export interface Way {
  readonly conditions: ClaimCondition[];
  /** The conditions' texts, for subset checks. */
  readonly keys: ReadonlySet<string>;
  /** The whole conjunction's key (sorted condition texts). */
  readonly key: string;
  readonly opaque: Opaque[];
  readonly source?: SourceLocation;
}

/** Thrown when a formula expands to more conjunctions than the limit. */
export class TooComplex extends Error {}

/** ANDs formulas, folding constants. */
export function and(items: Formula[]): Formula {
  const out: Formula[] = [];
  for (const f of items.flatMap((i) => (i.type === 'and' ? i.items : [i]))) {
    if (f.type === 'const') {
      if (!f.value) return FALSE;
      continue;
    }
    out.push(f);
  }
  return out.length === 0 ? TRUE : out.length === 1 ? out[0] : { type: 'and', items: out };
}

/**
 * ORs formulas, folding constants. Alternatives that are all conditions on one claim become one
 * condition (`equals` when all are, else `like` with the equal values as literal patterns), as in
 * `(assertion.ref == "a" || assertion.ref.matches("^b(?s:.*)$"))`.
 */
export function or(items: Formula[]): Formula {
  const out: Formula[] = [];
  for (const f of items.flatMap((i) => (i.type === 'or' ? i.items : [i]))) {
    if (f.type === 'const') {
      if (f.value) return TRUE;
      continue;
    }
    out.push(f);
  }
  if (out.length === 0) return FALSE;
  if (out.length === 1) return out[0];
  const atoms = out.filter((f): f is { type: 'atom'; condition: ClaimCondition } => f.type === 'atom');
  if (atoms.length === out.length && atoms.every((a) => a.condition.claim === atoms[0].condition.claim)) {
    const claim = atoms[0].condition.claim;
    if (atoms.every((a) => a.condition.operator === ConditionOperator.EQUALS)) {
      return { type: 'atom', condition: ClaimCondition.equalTo(claim, ...atoms.flatMap((a) => a.condition.values)) };
    }
    const globs: Glob[] = atoms.flatMap((a) => a.condition.globs);
    return { type: 'atom', condition: ClaimCondition.likeGlob(claim, ...globs) };
  }
  return { type: 'or', items: out };
}

/** The formula's conjunctions (an empty list: never true; one empty conjunction: always true). */
export function toDnf(f: Formula, limit: number, source?: SourceLocation): Conjunction[] {
  const empty: Conjunction = { conditions: [], guards: [], opaque: [], source };
  switch (f.type) {
    case 'const': return f.value ? [empty] : [];
    case 'atom': return [{ ...empty, conditions: [f.condition] }];
    case 'guard': return [{ ...empty, guards: [{ claim: f.claim, raw: f.raw }] }];
    case 'opaque': return [{ ...empty, opaque: [f.opaque] }];
    case 'or': {
      const out = f.items.flatMap((i) => toDnf(i, limit, source));
      if (out.length > limit) throw new TooComplex();
      return out;
    }
    case 'and': return f.items.reduce<Conjunction[]>((acc, i) => product(acc, toDnf(i, limit, source), limit), [empty]);
  }
}

/** Every conjunction of `a` ANDed with every conjunction of `b`; the source of `b` wins. */
export function product(a: Conjunction[], b: Conjunction[], limit: number): Conjunction[] {
  if (a.length * b.length > limit) throw new TooComplex();
  const out: Conjunction[] = [];
  for (const x of a) {
    for (const y of b) {
      out.push({
        conditions: [...x.conditions, ...y.conditions],
        guards: [...x.guards, ...y.guards],
        opaque: [...x.opaque, ...y.opaque],
        source: y.source ?? x.source,
      });
    }
  }
  return out;
}

/**
 * The conjunction as a way in: presence guards on claims that a condition checks are implied
 * (a condition holds only on a present string claim) and dropped; a guard alone is an opaque part
 * (it requires the claim without checking its value, which the rules cannot say).
 */
export function toWay(c: Conjunction): Way {
  const checked = new Set(c.conditions.map((x) => x.claim));
  const opaque = [...c.opaque];
  const seen = new Set<string>();
  for (const g of c.guards) {
    if (checked.has(g.claim) || seen.has(g.claim)) continue;
    seen.add(g.claim);
    opaque.push({
      kind: UnparsedKind.PRESENCE_ONLY,
      raw: g.raw,
      reason: `The claim ${g.claim} must be present (a string), but its value is not checked; the rule leaves this requirement out.`,
      source: c.source ?? { file: '', jsonPath: '' },
    });
  }
  const byKey = new Map(c.conditions.map((x) => [x.toString(), x] as const));
  const keys = [...byKey.keys()].sort();
  return { conditions: [...byKey.values()], keys: new Set(keys), key: keys.join('\n'), opaque, source: c.source };
}

/**
 * The ways in of `condition AND mapping`. When a mapping way implies a condition way (its
 * conditions include all of that way's), the AND is the mapping way itself: this is how the
 * per-grant attributes this library emits read back exactly, as the provider condition is the OR
 * of all grants' rules. Otherwise every pair is ANDed, up to the limit.
 */
export function andWays(condition: Way[], mapping: Way[], limit: number): Way[] {
  const exact = new Set(condition.filter((c) => c.opaque.length === 0).map((c) => c.key));
  const out: Way[] = [];
  let pairs = 0;
  for (const m of mapping) {
    const implied = exact.has(m.key) || condition.some((c) => c.opaque.length === 0 && [...c.keys].every((k) => m.keys.has(k)));
    if (implied) {
      out.push(m);
      continue;
    }
    pairs += condition.length;
    if (pairs > limit) throw new TooComplex();
    for (const c of condition) {
      const byKey = new Map([...c.conditions, ...m.conditions].map((x) => [x.toString(), x] as const));
      const keys = [...byKey.keys()].sort();
      out.push({ conditions: [...byKey.values()], keys: new Set(keys), key: keys.join('\n'), opaque: [...c.opaque, ...m.opaque], source: m.source ?? c.source });
    }
  }
  return out;
}
