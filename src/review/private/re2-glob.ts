import { Glob } from '../../core/glob';

/** The wildcards this library compiles globs to (RE2, newline included). */
const ANY_RUN = '(?s:.*)';
const ANY_CHAR = '(?s:.)';
/** RE2 syntax characters, which stand for themselves only when escaped. */
const META = new Set(Array.from('\\.+*?()|[]{}^$'));
/** ASCII punctuation: RE2 reads a backslash before it as the literal character. */
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/**
 * The glob an anchored RE2 pattern stands for, when it is written with literal characters
 * (punctuation escaped with a backslash), `(?s:.*)` and `(?s:.)` only, between `^` and `$`: the
 * form this library compiles `like` conditions to. Any other regular expression has no glob.
 */
export function regexGlob(pattern: string): Glob | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) return undefined;
  const body = pattern.slice(1, -1);
  const parts: Glob[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push(Glob.literal(literal));
    literal = '';
  };
  let i = 0;
  while (i < body.length) {
    if (body.startsWith(ANY_RUN, i)) {
      flush();
      parts.push(Glob.anyRun());
      i += ANY_RUN.length;
      continue;
    }
    if (body.startsWith(ANY_CHAR, i)) {
      flush();
      parts.push(Glob.anyChar());
      i += ANY_CHAR.length;
      continue;
    }
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || !PUNCTUATION.test(next)) return undefined;
      literal += next;
      i += 2;
      continue;
    }
    if (META.has(c)) return undefined;
    literal += c;
    i++;
  }
  flush();
  return parts.length === 0 ? undefined : Glob.concat(...parts);
}
