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

/** One character position of a glob: a literal code point, or a wildcard. */
type Token =
  | { readonly kind: GlobSegmentKind.ANY_RUN }
  | { readonly kind: GlobSegmentKind.ANY_CHAR }
  | { readonly kind: GlobSegmentKind.LITERAL; readonly ch: string };

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
    return new Glob([{ kind: GlobSegmentKind.LITERAL, text }]);
  }

  /** `*`: any run of characters, the empty run included. */
  public static anyRun(): Glob {
    return new Glob([{ kind: GlobSegmentKind.ANY_RUN }]);
  }

  /** `?`: exactly one character. */
  public static anyChar(): Glob {
    return new Glob([{ kind: GlobSegmentKind.ANY_CHAR }]);
  }

  /** The patterns one after the other. */
  public static concat(...parts: Glob[]): Glob {
    if (parts.length === 0) {
      throw trustError(TrustErrorCode.INVALID_VALUE, 'Glob.concat() was given no parts: an empty pattern matches nothing useful.', 'pass at least one part.');
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

  private readonly tokens: Token[];

  private constructor(segments: GlobSegment[]) {
    this.segments = normalize(segments);
    this.tokens = this.segments.flatMap((s): Token[] =>
      s.kind === GlobSegmentKind.LITERAL ? Array.from(s.text!, (ch) => ({ kind: GlobSegmentKind.LITERAL, ch })) : [{ kind: s.kind } as Token]);
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
    const chars = Array.from(value);
    const t = this.tokens;
    // Linear scan with one backtrack point: the classic wildcard matcher, O(n·m) worst case.
    let i = 0;
    let j = 0;
    let starAt = -1;
    let resumeAt = 0;
    while (i < chars.length) {
      const tok = t[j];
      if (tok && (tok.kind === GlobSegmentKind.ANY_CHAR || (tok.kind === GlobSegmentKind.LITERAL && tok.ch === chars[i]))) {
        i++;
        j++;
      } else if (tok && tok.kind === GlobSegmentKind.ANY_RUN) {
        starAt = j++;
        resumeAt = i;
      } else if (starAt >= 0) {
        j = starAt + 1;
        i = ++resumeAt;
      } else {
        return false;
      }
    }
    while (j < t.length && t[j].kind === GlobSegmentKind.ANY_RUN) j++;
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
    const a = this.tokens;
    const b = other.tokens;
    const excluded = new Set(Array.from(otherWildcardExcludes));
    // May b's wildcard stand for the character a's token produces? (a's wildcards can pick any.)
    const allowed = (ta: Token) => ta.kind !== GlobSegmentKind.LITERAL || !excluded.has(ta.ch);
    const seen = new Set<number>();
    const width = b.length + 1;
    // Depth-first search over pairs of positions: the product of the two patterns' automata.
    const stack: Array<[number, number]> = [[0, 0]];
    while (stack.length > 0) {
      const [i, j] = stack.pop()!;
      const key = i * width + j;
      if (seen.has(key)) continue;
      seen.add(key);
      if (i === a.length && j === b.length) return true;
      const ta = a[i];
      const tb = b[j];
      if (ta?.kind === GlobSegmentKind.ANY_RUN) {
        stack.push([i + 1, j]);
        if (j < b.length) stack.push([i, j + 1]);
        continue;
      }
      if (tb?.kind === GlobSegmentKind.ANY_RUN) {
        stack.push([i, j + 1]);
        if (ta && allowed(ta)) stack.push([i + 1, j]);
        continue;
      }
      if (!ta || !tb) continue;
      const compatible = ta.kind === GlobSegmentKind.ANY_CHAR
        || (tb.kind === GlobSegmentKind.ANY_CHAR && allowed(ta))
        || (tb.kind === GlobSegmentKind.LITERAL && ta.ch === tb.ch);
      if (compatible) stack.push([i + 1, j + 1]);
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
