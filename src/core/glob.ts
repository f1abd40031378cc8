import { show, trustError, TrustErrorCode } from './errors';

/** The kind of one piece of a {@link Glob}. */
export enum GlobSegmentKind {
  /** Literal text, matched exactly and case-sensitively. */
  LITERAL = 'literal',
  /** `*`: any run of characters, the empty run included. */
  ANY_RUN = 'anyRun',
  /** `?`: exactly one character. */
  ANY_CHAR = 'anyChar',
}

/** One piece of a {@link Glob}: literal text or a wildcard. */
export interface GlobSegment {
  /** What this piece matches. */
  readonly kind: GlobSegmentKind;
  /**
   * The literal text, for `LITERAL` segments.
   * @default - none (wildcards carry no text)
   */
  readonly text?: string;
}

/**
 * Markers for the wildcards in a glob's positions (one per code point, see `Glob.positions`):
 * longer than any code point, so never equal to a literal one.
 */
const RUN = '*run*';
const ONE = '?one?';

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Each glob's positions, built on its first match or overlap test: most globs are only written out
 * (compiled to IAM or CEL, read back by the review), and one position per character was most of a
 * glob's cost. Kept beside the globs, not in them, so equal globs stay equal (`toEqual`, snapshots)
 * whatever was asked of them.
 */
const POSITIONS = new WeakMap<Glob, string[]>();

/** Pairs of positions up to this many are tracked in a flat array; beyond, in a set (huge values). */
const FLAT_SEARCH_LIMIT = 65536;

/**
 * A claim pattern with IAM `StringLike` semantics: `*` is any run of characters (empty, `/` and
 * `:` included), `?` is exactly one character (one Unicode code point), everything else is literal
 * and case-sensitive.
 *
 * Build patterns from parts when a value comes from users, so a `*` or `?` inside it stays a
 * literal character instead of becoming a wildcard.
 *
 * @example
 * // refs/heads/<branch>/* where the branch name may itself contain '*'
 * const glob = Glob.concat(Glob.literal(`refs/heads/${branch}/`), Glob.anyRun());
 */
export class Glob {
  /**
   * A pattern in which `*` and `?` are wildcards and every other character is literal.
   * There is no escape character: use {@link Glob.literal} and {@link Glob.concat} for a literal
   * `*` or `?`.
   */
  public static pattern(pattern: string): Glob {
    Glob.requireText(pattern, 'pattern');
    const segments: GlobSegment[] = [];
    let literal = '';
    for (const ch of pattern) {
      if (ch === '*' || ch === '?') {
        if (literal) segments.push({ kind: GlobSegmentKind.LITERAL, text: literal });
        literal = '';
        segments.push({ kind: ch === '*' ? GlobSegmentKind.ANY_RUN : GlobSegmentKind.ANY_CHAR });
      } else {
        literal += ch;
      }
    }
    if (literal) segments.push({ kind: GlobSegmentKind.LITERAL, text: literal });
    return new Glob(segments);
  }

  /** A pattern that matches exactly `text`: `*` and `?` in it are literal characters. */
  public static literal(text: string): Glob {
    Glob.requireText(text, 'literal');
    return new Glob([{ kind: GlobSegmentKind.LITERAL, text }], true);
  }

  /** `*`: any run of characters, the empty run included. */
  public static anyRun(): Glob {
    return new Glob([{ kind: GlobSegmentKind.ANY_RUN }], true);
  }

  /** `?`: exactly one character. */
  public static anyChar(): Glob {
    return new Glob([{ kind: GlobSegmentKind.ANY_CHAR }], true);
  }

  /** The patterns one after the other. */
  public static concat(...parts: Glob[]): Glob {
    if (parts.length === 0) {
      throw trustError(TrustErrorCode.INVALID_VALUE, 'Glob.concat() was given no parts: an empty pattern matches nothing useful.', 'pass at least one part.');
    }
    // Literal parts (the builders' names and separators) join into one literal directly.
    if (parts.every((p) => p.isLiteral)) {
      const text = parts.map((p) => p.literalPrefix).join('');
      if (text) return new Glob([{ kind: GlobSegmentKind.LITERAL, text }], true);
    }
    return new Glob(parts.flatMap((p) => p.segments));
  }

  private static requireText(text: unknown, what: string): void {
    if (typeof text !== 'string' || text.length === 0) {
      throw trustError(TrustErrorCode.INVALID_VALUE, `A glob ${what} must be a non-empty string, got ${show(text)}.`, 'give the text to match; to match any value use a condition on another claim instead of an empty pattern.');
    }
  }

  /**
   * The pieces of the pattern, normalized: adjacent literals merged, and in every run of
   * wildcards the `?`s first, then at most one `*` (an equivalent pattern).
   */
  public readonly segments: GlobSegment[];

  /** @param normal whether `segments` are new and already normalized (one piece always is) */
  private constructor(segments: GlobSegment[], normal = false) {
    this.segments = normal ? segments : normalize(segments);
  }

  /** Whether the pattern has no wildcard (it then matches one value only). */
  public get isLiteral(): boolean {
    return this.segments.every((s) => s.kind === GlobSegmentKind.LITERAL);
  }

  /** Whether the pattern is made of wildcards only (it then matches any value of a length). */
  public get isWildcardOnly(): boolean {
    return this.segments.every((s) => s.kind !== GlobSegmentKind.LITERAL);
  }

  /** The literal text before the first wildcard (all of it for a literal pattern). */
  public get literalPrefix(): string {
    let prefix = '';
    for (const s of this.segments) {
      if (s.kind !== GlobSegmentKind.LITERAL) break;
      prefix += s.text;
    }
    return prefix;
  }

  /** Whether `value` matches the whole pattern. */
  public matches(value: string): boolean {
    // Without surrogates every code unit is a code point: the string is indexed as it is.
    const chars = SURROGATE.test(value) ? Array.from(value) : value;
    const t = this.positions;
    // Linear scan with one backtrack point: the classic wildcard matcher, O(n·m) worst case.
    let i = 0;
    let j = 0;
    let starAt = -1;
    let resumeAt = 0;
    while (i < chars.length) {
      const tok = t[j];
      if (j < t.length && (tok === ONE || tok === chars[i])) {
        i++;
        j++;
      } else if (tok === RUN) {
        starAt = j++;
        resumeAt = i;
      } else if (starAt >= 0) {
        j = starAt + 1;
        i = ++resumeAt;
      } else {
        return false;
      }
    }
    while (j < t.length && t[j] === RUN) j++;
    return j === t.length;
  }

  /**
   * Whether at least one value matches both this pattern and `other`.
   *
   * @param other the other pattern
   * @param otherWildcardExcludes characters that `other`'s wildcards may not stand for (e.g. `:`
   * where the issuer encodes it inside values)
   */
  public overlaps(other: Glob, otherWildcardExcludes: string = ''): boolean {
    // A value of both starts with both literal prefixes and ends with both literal suffixes, so
    // one of each pair extends the other: a cheap refusal for most pairs (a rule's subject against
    // an issuer's pull-request subject), before the search.
    const [pa, pb] = [this.literalPrefix, other.literalPrefix];
    const [sa, sb] = [this.literalSuffix, other.literalSuffix];
    if (!(pa.startsWith(pb) || pb.startsWith(pa)) || !(sa.endsWith(sb) || sb.endsWith(sa))) return false;
    const a = this.positions;
    const b = other.positions;
    const excluded = otherWildcardExcludes === '' ? undefined : new Set(Array.from(otherWildcardExcludes));
    // May b's wildcard stand for the character a's position produces? (a's wildcards can pick any.)
    const allowed = (ta: string) => excluded === undefined || !excluded.has(ta);
    // Depth-first search over pairs of positions (i, j), the product of the two patterns'
    // automata. A pair is one number, i * width + j, so the search allocates no object per pair.
    const width = b.length + 1;
    const end = a.length * width + b.length;
    const flat = end < FLAT_SEARCH_LIMIT ? new Uint8Array(end + 1) : undefined;
    const seen = flat ? undefined : new Set<number>();
    const stack: number[] = [0];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (flat) {
        if (flat[key]) continue;
        flat[key] = 1;
      } else {
        if (seen!.has(key)) continue;
        seen!.add(key);
      }
      if (key === end) return true;
      const i = Math.floor(key / width);
      const j = key - i * width;
      const ta = i < a.length ? a[i] : undefined;
      const tb = j < b.length ? b[j] : undefined;
      if (ta === RUN) {
        stack.push(key + width);
        if (tb !== undefined) stack.push(key + 1);
        continue;
      }
      if (tb === RUN) {
        stack.push(key + 1);
        if (ta !== undefined && allowed(ta)) stack.push(key + width);
        continue;
      }
      if (ta === undefined || tb === undefined) continue;
      const compatible = ta === ONE || (tb === ONE && allowed(ta)) || ta === tb;
      if (compatible) stack.push(key + width + 1);
    }
    return false;
  }

  /** Whether both patterns have the same normalized pieces (and so match the same values). */
  public sameAs(other: Glob): boolean {
    return this.toString() === other.toString();
  }

  /**
   * The pattern as text: `*` and `?` are wildcards; a literal `*`, `?` or `\` is written with a
   * backslash before it (`\*`, `\?`, `\\`), so the text is unambiguous.
   */
  public toString(): string {
    return this.segments.map((s) => {
      switch (s.kind) {
        case GlobSegmentKind.ANY_RUN: return '*';
        case GlobSegmentKind.ANY_CHAR: return '?';
        default: return s.text!.replace(/[\\*?]/g, (c) => `\\${c}`);
      }
    }).join('');
  }

  /** The literal text after the last wildcard (all of it for a literal pattern). */
  private get literalSuffix(): string {
    const last = this.segments[this.segments.length - 1];
    return last?.kind === GlobSegmentKind.LITERAL ? last.text! : '';
  }

  /** One entry per position: the literal code point, or `RUN` / `ONE` for a wildcard. */
  private get positions(): string[] {
    let chars = POSITIONS.get(this);
    if (chars === undefined) {
      chars = [];
      for (const s of this.segments) {
        if (s.kind !== GlobSegmentKind.LITERAL) chars.push(s.kind === GlobSegmentKind.ANY_RUN ? RUN : ONE);
        else for (const ch of s.text!) chars.push(ch);
      }
      POSITIONS.set(this, chars);
    }
    return chars;
  }
}

function normalize(segments: GlobSegment[]): GlobSegment[] {
  const out: GlobSegment[] = [];
  let i = 0;
  while (i < segments.length) {
    const s = segments[i];
    if (s.kind === GlobSegmentKind.LITERAL) {
      let text = '';
      while (i < segments.length && segments[i].kind === GlobSegmentKind.LITERAL) text += segments[i++].text ?? '';
      if (text) out.push({ kind: GlobSegmentKind.LITERAL, text });
      continue;
    }
    let chars = 0;
    let run = false;
    while (i < segments.length && segments[i].kind !== GlobSegmentKind.LITERAL) {
      if (segments[i++].kind === GlobSegmentKind.ANY_RUN) run = true;
      else chars++;
    }
    for (let k = 0; k < chars; k++) out.push({ kind: GlobSegmentKind.ANY_CHAR });
    if (run) out.push({ kind: GlobSegmentKind.ANY_RUN });
  }
  return out;
}
