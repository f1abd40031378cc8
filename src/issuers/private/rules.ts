import { requireIdentifier } from './identifiers';
import { ClaimCondition, ConditionOperator } from '../../core/claim-condition';
import { Glob } from '../../core/glob';

/** A lowercase UUID, 8-4-4-4-12 hexadecimal digits, as CircleCI, Buildkite and Bitbucket show them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks a lowercase UUID (without braces) and returns it. */
export function requireUuid(value: unknown, what: string): string {
  return requireIdentifier(value, UUID, what, 'it must be a lowercase UUID (8-4-4-4-12 hexadecimal digits)', '0184990a-477b-4fa8-9968-496074483cee');
}

/**
 * Checks a UUID written with or without braces (Bitbucket shows `{...}`) and returns it without
 * braces.
 */
export function requireBracedUuid(value: unknown, what: string): string {
  const bare = typeof value === 'string' && value.startsWith('{') && value.endsWith('}') ? value.slice(1, -1) : value;
  return requireIdentifier(bare, UUID, what, 'it must be a lowercase UUID (8-4-4-4-12 hexadecimal digits), with or without braces', '{d4e45493-4a33-477d-917b-a24e7e4bd39b}');
}

/** A `like` whose patterns are all literal is an `equals`: simpler policies, same tokens. */
export function exactWhenLiteral(c: ClaimCondition): ClaimCondition {
  if (c.operator === ConditionOperator.EQUALS || !c.globs.every((g) => g.isLiteral)) return c;
  return ClaimCondition.equalTo(c.claim, ...c.globs.map((g) => g.literalPrefix));
}

/** Whether the glob's literal prefix holds at least `occurrences` copies of `delimiter`. */
export function fixesPrefix(glob: Glob, delimiter: string, occurrences: number): boolean {
  return glob.literalPrefix.split(delimiter).length - 1 >= occurrences;
}

/** `n` times `?`: exactly `n` characters of any kind. */
export function anyChars(n: number): Glob {
  return Glob.concat(...Array.from({ length: n }, () => Glob.anyChar()));
}
