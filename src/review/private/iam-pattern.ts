import { Glob } from '../../core/glob';
import { cachedPattern } from '../../core/private/pattern-cache';

/** A `StringLike` value read back: its glob, or why it has none. */
export interface IamPattern {
  /** The pattern, when it has one. */
  readonly glob?: Glob;
  /** A policy variable (`${aws:username}`) in the value: IAM substitutes it per request. */
  readonly variable?: string;
}

/**
 * Reads an IAM `StringLike` value: `*` is any run, `?` one character, and the escapes `${*}`,
 * `${?}` and `${$}` stand for the literal characters. Any other `${...}` is a policy variable,
 * which the review does not model. An empty value has no pattern.
 */
export function iamPattern(value: string): IamPattern {
  const parts: Glob[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push(Glob.literal(literal));
    literal = '';
  };
  for (let i = 0; i < value.length;) {
    const ch = value[i];
    if (ch === '$' && value[i + 1] === '{') {
      const end = value.indexOf('}', i + 2);
      const inner = end < 0 ? undefined : value.slice(i + 2, end);
      if (inner === '*' || inner === '?' || inner === '$') {
        literal += inner;
        i = end + 1;
        continue;
      }
      return { variable: end < 0 ? value.slice(i) : value.slice(i, end + 1) };
    }
    if (ch === '*' || ch === '?') {
      flush();
      parts.push(ch === '*' ? Glob.anyRun() : Glob.anyChar());
    } else {
      literal += ch;
    }
    i++;
  }
  flush();
  return parts.length === 0 ? {} : { glob: Glob.concat(...parts) };
}

/** Whether an IAM action pattern (case-insensitive, `*` and `?` wildcards) covers the action. */
export function actionCovers(pattern: string, action: string): boolean {
  return pattern.length > 0 && cachedPattern(pattern.toLowerCase()).matches(action.toLowerCase());
}
