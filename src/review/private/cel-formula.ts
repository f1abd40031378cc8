import { parse, unparse } from '@bufbuild/cel';
import { ClaimCondition } from '../../core/claim-condition';
import { messageOf } from '../../core/errors';
import { Glob } from '../../core/glob';
import { SourceLocation } from '../source-location';
import { UnparsedKind } from '../unparsed-fragment';
import { and, FALSE, Formula, or, TRUE } from './formula';
import { regexGlob } from './re2-glob';

/** Claims that tokens usually carry as lists (authentication methods, groups). */
const LIST_CLAIMS = new Set(['amr', 'groups']);

/** A parsed CEL expression (the AST of `@bufbuild/cel`). */
export type CelExpr = ReturnType<typeof parse>['expr'];

/** What an expression can refer to besides `assertion`. */
export interface CelScope {
  /**
   * The claim a mapped attribute (`attribute.NAME`, `google.subject`) holds, when its mapping is
   * the plain claim (`assertion.CLAIM`).
   */
  claimOfAttribute(attribute: string): string | undefined;
}

/** Parses CEL; undefined with the parser's message when the text is not valid CEL. */
export function parseCel(source: string): { expr?: CelExpr; error?: string } {
  try {
    return { expr: parse(source).expr };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Reads a boolean CEL expression back into a formula over claim conditions: `==`, `in [...]`,
 * `startsWith`, `endsWith`, `contains`, `matches` (anchored, in the form this library compiles),
 * `&&`, `||`, constants, and presence or type guards (`"c" in assertion`, `has(assertion.c)`,
 * `type(assertion.c) == string`). Claims are `assertion.c`, `assertion["c"]`, or attributes mapped
 * to a claim. Anything else (`!=`, `!`, ternaries, macros, functions) is opaque, with its text.
 */
export function celFormula(expr: CelExpr, scope: CelScope, source: SourceLocation): Formula {
  const opaque = (e: CelExpr, reason: string, kind = UnparsedKind.OPAQUE_CEL): Formula =>
    ({ type: 'opaque', opaque: { kind, raw: text(e), reason, source } });
  const atom = (e: CelExpr, build: () => ClaimCondition): Formula => {
    try {
      return { type: 'atom', condition: build() };
    } catch (err) {
      return opaque(e, `The check cannot be modelled: ${messageOf(err as Error)}`, UnparsedKind.INVALID_VALUE);
    }
  };
  const claimOf = (e: CelExpr): string | undefined => claimReference(e, scope);

  const convert = (e: CelExpr): Formula => {
    const kind = e.exprKind;
    if (kind.case === 'constExpr') {
      return kind.value.constantKind.case === 'boolValue' ? (kind.value.constantKind.value ? TRUE : FALSE) : opaque(e, 'A constant that is not a boolean.');
    }
    if (kind.case === 'selectExpr' && kind.value.testOnly) {
      const base = identName(kind.value.operand);
      const field = kind.value.field;
      const claim = base === 'assertion' ? field : base === 'attribute' || base === 'google' ? scope.claimOfAttribute(`${base}.${field}`) : undefined;
      return claim !== undefined ? { type: 'guard', claim, raw: text(e) } : opaque(e, 'A presence test on something other than a claim.');
    }
    if (kind.case !== 'callExpr') return opaque(e, 'Not a check of a claim the review reads back.');
    const call = kind.value;
    const args = call.args;
    switch (call.function) {
      case '_&&_': return and(args.map(convert));
      case '_||_': return or(args.map(convert));
      case '_==_': {
        const [a, b] = args;
        for (const [ref, other] of [[a, b], [b, a]]) {
          const claim = claimOf(ref);
          const value = stringConstant(other);
          if (claim !== undefined && value !== undefined) return atom(e, () => ClaimCondition.equalTo(claim, value));
          if (claim !== undefined) return opaque(e, `The claim ${claim} is compared with something that is not a string literal.`, UnparsedKind.NON_STRING_VALUE);
          const typed = typeArgument(ref);
          if (typed !== undefined && identName(other) === 'string') {
            const guarded = claimOf(typed);
            if (guarded !== undefined) return { type: 'guard', claim: guarded, raw: text(e) };
          }
        }
        return opaque(e, 'An equality that is not between a claim and a string literal.');
      }
      case '@in': {
        const [a, b] = args;
        const name = stringConstant(a);
        if (name !== undefined && identName(b) === 'assertion') return { type: 'guard', claim: name, raw: text(e) };
        const claim = claimOf(a);
        const list = b?.exprKind.case === 'listExpr' ? b.exprKind.value.elements.map(stringConstant) : undefined;
        if (claim !== undefined && list !== undefined && list.every((v) => v !== undefined)) {
          return list.length === 0 ? FALSE : atom(e, () => ClaimCondition.equalTo(claim, ...(list as string[])));
        }
        return opaque(e, 'A membership test that is not a claim in a list of string literals.');
      }
      case 'startsWith':
      case 'endsWith':
      case 'contains':
      case 'matches': {
        const claim = call.target ? claimOf(call.target) : undefined;
        const value = args.length === 1 ? stringConstant(args[0]) : undefined;
        if (claim === undefined || value === undefined) return opaque(e, `${call.function}() on something other than a claim and a string literal.`);
        if (call.function === 'matches') {
          const glob = regexGlob(value);
          return glob ? atom(e, () => ClaimCondition.likeGlob(claim, glob)) : opaque(e, `The regular expression ${JSON.stringify(value)} is not an anchored pattern of literals, (?s:.*) and (?s:.), so it has no glob form (matches() also finds unanchored matches inside the value).`);
        }
        const parts = value === '' ? [Glob.anyRun()]
          : call.function === 'startsWith' ? [Glob.literal(value), Glob.anyRun()]
            : call.function === 'endsWith' ? [Glob.anyRun(), Glob.literal(value)]
              : [Glob.anyRun(), Glob.literal(value), Glob.anyRun()];
        return atom(e, () => ClaimCondition.likeGlob(claim, Glob.concat(...parts)));
      }
      case '_!=_':
      case '!_':
        return opaque(e, 'A negation: the rules model what is admitted, not what is excluded.');
      default:
        return opaque(e, `The function ${call.function} is not one the review reads back.`);
    }
  };
  return convert(expr);
}

/** The claim an expression reads: `assertion.c`, `assertion["c"]`, or an attribute mapped to a claim. */
export function claimReference(e: CelExpr | undefined, scope?: CelScope): string | undefined {
  if (!e) return undefined;
  const kind = e.exprKind;
  if (kind.case === 'selectExpr' && !kind.value.testOnly) {
    const base = identName(kind.value.operand);
    if (base === 'assertion') return kind.value.field;
    if (scope && base === 'attribute') return scope.claimOfAttribute(`attribute.${kind.value.field}`);
    if (scope && base === 'google') return scope.claimOfAttribute(`google.${kind.value.field}`);
    return undefined;
  }
  if (kind.case === 'callExpr' && kind.value.function === '_[_]' && !kind.value.target) {
    const [map, key] = kind.value.args;
    const name = stringConstant(key);
    if (identName(map) === 'assertion' && name !== undefined) return name;
  }
  return undefined;
}

/** The value of a string literal. */
export function stringConstant(e: CelExpr | undefined): string | undefined {
  const kind = e?.exprKind;
  return kind?.case === 'constExpr' && kind.value.constantKind.case === 'stringValue' ? kind.value.constantKind.value : undefined;
}

/** The expression as CEL text (normalized by the unparser). */
export function text(e: CelExpr): string {
  try {
    return unparse(e);
  } catch {
    return '(expression)';
  }
}

function identName(e: CelExpr | undefined): string | undefined {
  const kind = e?.exprKind;
  return kind?.case === 'identExpr' ? kind.value.name : undefined;
}

/**
 * What a Google attribute mapping yields for a principal that names the attribute value `value`,
 * as a formula: a claim (`assertion.c`) yields it when the claim equals the value; a constant
 * when it is the value; `COND ? "a" : "b"` (this library's per-grant form is
 * `(RULES) ? "granted" : ""`) when COND holds and "a" is the value. Anything else is opaque.
 */
export function mappingFormula(expr: CelExpr, value: string, source: SourceLocation): Formula {
  const noAttributes: CelScope = { claimOfAttribute: () => undefined };
  const claim = claimReference(expr);
  const opaque = (reason: string, kind = UnparsedKind.OPAQUE_MAPPING): Formula => ({ type: 'opaque', opaque: { kind, raw: text(expr), reason, source } });
  if (claim !== undefined) {
    if (LIST_CLAIMS.has(claim)) {
      return opaque(`The claim ${claim} is usually a list; Google gives the attribute every element, and a principalSet value matches any of them, which the rules (string claims) cannot express.`);
    }
    try {
      return { type: 'atom', condition: ClaimCondition.equalTo(claim, value) };
    } catch (e) {
      return opaque(`The value ${JSON.stringify(value)} cannot be a condition on ${claim}: ${messageOf(e as Error)}`, UnparsedKind.INVALID_VALUE);
    }
  }
  const constant = stringConstant(expr);
  if (constant !== undefined) return constant === value ? TRUE : FALSE;
  const kind = expr.exprKind;
  if (kind.case === 'callExpr' && kind.value.function === '_?_:_' && kind.value.args.length === 3) {
    const [condition, then, otherwise] = kind.value.args;
    const a = stringConstant(then);
    const b = stringConstant(otherwise);
    if (a !== undefined && b !== undefined) {
      if (a === value && b === value) return TRUE;
      if (a === value) return celFormula(condition, noAttributes, source);
      if (b === value) return opaque(`The value ${JSON.stringify(value)} comes from the else branch, so the mapping yields it when the condition does not hold (a negation).`);
      return FALSE;
    }
  }
  return opaque(`The mapping is not a claim, a constant or a condition choosing between constants, so which tokens get the value ${JSON.stringify(value)} cannot be read.`);
}

/** The argument of `type(x)`. */
function typeArgument(e: CelExpr | undefined): CelExpr | undefined {
  const kind = e?.exprKind;
  return kind?.case === 'callExpr' && kind.value.function === 'type' && !kind.value.target && kind.value.args.length === 1 ? kind.value.args[0] : undefined;
}
