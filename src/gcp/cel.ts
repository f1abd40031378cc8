import { ClaimCondition, ConditionOperator } from '../core/claim-condition';
import { Glob, GlobSegmentKind } from '../core/glob';
import { TrustRule } from '../core/trust-rule';

/**
 * CEL text for Google Cloud attribute conditions and mappings, compiled from the core model.
 * Pure functions: every user value goes through {@link celString}, so no value can change the
 * structure of an expression.
 */

/** Characters RE2 treats as syntax; each is escaped with a backslash to stand for itself. */
const RE2_META = /[\\.+*?()|[\]{}^$]/g;
/** `*`: any run of characters, newlines included (RE2 `.` excludes `\n` unless the s flag is set). */
const ANY_RUN = '(?s:.*)';
/** `?`: exactly one character (one code point in RE2), newline included. */
const ANY_CHAR = '(?s:.)';

/** Claim names CEL can select with a dot (`assertion.sub`); others use `assertion["a/b"]`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** CEL reserved words, which cannot follow a dot. */
const RESERVED = new Set(['as', 'break', 'const', 'continue', 'else', 'false', 'for', 'function', 'if', 'import', 'in', 'let', 'loop', 'package', 'namespace', 'null', 'return', 'true', 'var', 'void', 'while']);

/**
 * A CEL double-quoted string literal for any text: backslash, quote and every control or line
 * separator character are escaped, so the literal ends exactly where the value ends.
 */
export function celString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** An anchored RE2 pattern with the glob's meaning: `^` and `$` are the ends of the text in RE2 (and in JavaScript without the m flag). */
export function globRegex(glob: Glob): string {
  const body = glob.segments.map((s) => {
    switch (s.kind) {
      case GlobSegmentKind.ANY_RUN: return ANY_RUN;
      case GlobSegmentKind.ANY_CHAR: return ANY_CHAR;
      default: return s.text!.replace(RE2_META, (c) => `\\${c}`);
    }
  }).join('');
  return `^${body}$`;
}

/** `assertion.sub` or `assertion["oidc.circleci.com/project-id"]`. */
export function claimRef(claim: string): string {
  return IDENTIFIER.test(claim) && !RESERVED.has(claim) ? `assertion.${claim}` : `assertion[${celString(claim)}]`;
}

/**
 * The claim is present and a string. Guards keep a missing or non-string claim from raising an
 * evaluation error, which in a mapping would fail the token exchange for every grant.
 */
function presentString(claim: string): string {
  return `${celString(claim)} in assertion && type(${claimRef(claim)}) == string`;
}

/** One condition: present, a string, and equal to one value or matching one pattern. */
export function conditionExpression(condition: ClaimCondition): string {
  const ref = claimRef(condition.claim);
  const test = condition.operator === ConditionOperator.EQUALS
    ? condition.values.length === 1 ? `${ref} == ${celString(condition.values[0])}` : `${ref} in [${condition.values.map(celString).join(', ')}]`
    : condition.globs.map((g) => g.isLiteral ? `${ref} == ${celString(g.literalPrefix)}` : `${ref}.matches(${celString(globRegex(g))})`).join(' || ');
  const multiple = condition.operator === ConditionOperator.LIKE && condition.globs.length > 1;
  return `${presentString(condition.claim)} && ${multiple ? `(${test})` : test}`;
}

/** One rule: all its conditions. */
export function ruleExpression(rule: TrustRule): string {
  return rule.conditions.map((c) => `(${conditionExpression(c)})`).join(' && ');
}

/** Any of the rules. */
export function rulesExpression(rules: TrustRule[]): string {
  return rules.map((r) => `(${ruleExpression(r)})`).join(' || ');
}
