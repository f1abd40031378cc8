import { Glob, GlobSegmentKind } from '../../core/glob';

/** The answer of {@link globContainment}. */
export interface GlobContainment {
  /**
   * True: every value `pattern` matches is matched by one of the other patterns. False: some value
   * is not (see `witness`), or the check gave up (see `exhausted`): callers treat both as "not
   * contained", which is the safe answer for a widening check.
   */
  readonly contained: boolean;
  /**
   * A value that `pattern` matches and none of the other patterns does.
   * @default - none: contained, or the check gave up
   */
  readonly witness?: string;
  /**
   * Whether the check stopped at its state budget without an answer (then `contained` is false).
   * @default false
   */
  readonly exhausted?: boolean;
}

/** One character position of a glob: a literal code point, `?` or `*`. */
type Token =
  | { readonly kind: GlobSegmentKind.LITERAL; readonly ch: string }
  | { readonly kind: GlobSegmentKind.ANY_CHAR }
  | { readonly kind: GlobSegmentKind.ANY_RUN };

/** The default budget of product states; short patterns need a few dozen. */
const DEFAULT_MAX_STATES = 20_000;

/** Characters tried, in order, as the stand-in for "any character no pattern names". */
const OTHER_CANDIDATES = ['x', 'z', '0', '9', '-', '_', '~', '#', '%', '§', 'Ω', '\u{10FFFD}'];

/**
 * Whether every value matched by `pattern` is matched by at least one of `cover` (language
 * containment of glob patterns with IAM `StringLike` semantics: `*` any run, `?` one code point).
 *
 * Exact, by exploring the product of the pattern's automaton with the subset automaton of the
 * cover. Characters only matter through equality with the patterns' literal characters, so the
 * alphabet is those characters plus one stand-in for every other character. The search is
 * breadth-first and returns a shortest witness when containment fails. It gives up (answering
 * "not contained", `exhausted`) past `maxStates` product states, which patterns of realistic size
 * never reach.
 *
 * @param pattern the pattern whose values must be covered
 * @param cover the patterns that must cover them (any of them may match a value)
 * @param maxStates the search budget
 */
export function globContainment(pattern: Glob, cover: Glob[], maxStates: number = DEFAULT_MAX_STATES): GlobContainment {
  const p = tokensOf(pattern);
  const qs = cover.map(tokensOf);
  const literals = new Set<string>();
  for (const t of [p, ...qs].flat()) if (t.kind === GlobSegmentKind.LITERAL) literals.add(t.ch);
  const other = OTHER_CANDIDATES.find((c) => !literals.has(c)) ?? firstUnused(literals);
  const alphabet = [...[...literals].sort(), other];

  // The cover's automata side by side: state (k, i) is position i of pattern k, numbered with offsets.
  const offsets: number[] = [];
  let total = 0;
  for (const q of qs) {
    offsets.push(total);
    total += q.length + 1;
  }
  const coverStart = new Set<number>();
  qs.forEach((q, k) => closure(q, 0).forEach((i) => coverStart.add(offsets[k] + i)));
  const coverAccepts = (set: number[]) => set.some((s) => {
    const k = ownerOf(offsets, s);
    return s - offsets[k] === qs[k].length;
  });

  type Node = { readonly ps: number[]; readonly qs: number[]; readonly parent?: Node; readonly ch?: string };
  const key = (n: Node) => `${n.ps.join(',')}|${n.qs.join(',')}`;
  const start: Node = { ps: [...closure(p, 0)].sort((a, b) => a - b), qs: [...coverStart].sort((a, b) => a - b) };
  const seen = new Set<string>([key(start)]);
  const queue: Node[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node.ps.includes(p.length) && !coverAccepts(node.qs)) return { contained: false, witness: witnessOf(node) };
    for (const ch of alphabet) {
      const ps = step(p, node.ps, ch, 0);
      if (ps.length === 0) continue; // no value of the pattern continues this way
      const next: Node = { ps, qs: stepCover(qs, offsets, node.qs, ch), parent: node, ch };
      const k = key(next);
      if (seen.has(k)) continue;
      if (seen.size >= maxStates) return { contained: false, exhausted: true };
      seen.add(k);
      queue.push(next);
    }
  }
  return { contained: true };

  function witnessOf(node: Node): string {
    const chars: string[] = [];
    for (let n: Node | undefined = node; n?.ch !== undefined; n = n.parent) chars.push(n.ch);
    return chars.reverse().join('');
  }
}

/**
 * Whether every value of `pattern` is matched by one of `cover`; {@link globContainment} without
 * the details.
 */
export function globContained(pattern: Glob, cover: Glob[]): boolean {
  return globContainment(pattern, cover).contained;
}

/**
 * A glob from its text form ({@link Glob.toString}): `*` and `?` are wildcards, and `\*`, `\?` and
 * `\\` are the literal characters. A backslash before any other character is a literal backslash.
 *
 * @throws TrustError (InvalidValue) for an empty text
 */
export function globFromText(text: string): Glob {
  const parts: Glob[] = [];
  let literal = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length && '\\*?'.includes(chars[i + 1])) {
      literal += chars[++i];
    } else if (ch === '*' || ch === '?') {
      if (literal) parts.push(Glob.literal(literal));
      literal = '';
      parts.push(ch === '*' ? Glob.anyRun() : Glob.anyChar());
    } else {
      literal += ch;
    }
  }
  if (literal) parts.push(Glob.literal(literal));
  return parts.length === 0 ? Glob.literal(text) : Glob.concat(...parts);
}

function tokensOf(glob: Glob): Token[] {
  return glob.segments.flatMap((s): Token[] => s.kind === GlobSegmentKind.LITERAL
    ? Array.from(s.text ?? '', (ch) => ({ kind: GlobSegmentKind.LITERAL, ch }))
    : [{ kind: s.kind } as Token]);
}

/** The positions reachable from `i` without reading a character (`*` may match the empty run). */
function closure(t: Token[], i: number): number[] {
  const out = [i];
  while (i < t.length && t[i].kind === GlobSegmentKind.ANY_RUN) out.push(++i);
  return out;
}

/** The positions after reading `ch` from any of `states` (sorted, deduplicated), shifted by `offset`. */
function step(t: Token[], states: number[], ch: string, offset: number): number[] {
  const out = new Set<number>();
  for (const s of states) {
    const i = s - offset;
    const tok = t[i];
    if (!tok) continue;
    if (tok.kind === GlobSegmentKind.ANY_RUN) closure(t, i).forEach((j) => out.add(offset + j));
    else if (tok.kind === GlobSegmentKind.ANY_CHAR || tok.ch === ch) closure(t, i + 1).forEach((j) => out.add(offset + j));
  }
  return [...out].sort((a, b) => a - b);
}

function stepCover(qs: Token[][], offsets: number[], states: number[], ch: string): number[] {
  const out: number[] = [];
  qs.forEach((q, k) => {
    const own = states.filter((s) => ownerOf(offsets, s) === k);
    out.push(...step(q, own, ch, offsets[k]));
  });
  return out.sort((a, b) => a - b);
}

/** The index of the pattern a numbered cover state belongs to. */
function ownerOf(offsets: number[], state: number): number {
  let k = offsets.length - 1;
  while (k > 0 && offsets[k] > state) k--;
  return k;
}

function firstUnused(used: Set<string>): string {
  for (let cp = 0x4e00; ; cp++) {
    const c = String.fromCodePoint(cp);
    if (!used.has(c)) return c;
  }
}
