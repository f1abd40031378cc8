/**
 * A CEL evaluator for tests, independent of src: it runs the `attribute_mapping` and
 * `attribute_condition` expressions we compile for a Google Cloud workload identity pool
 * provider against token claims, with `@bufbuild/cel` (devDependency only).
 *
 * Why `@bufbuild/cel`: it is a full CEL implementation (parser, planner, standard library, the
 * cel-spec conformance suite upstream) and its `matches()` runs `@bufbuild/re2`, a port of RE2,
 * not JS RegExp. So `.` matches one code point and no newline, `matches` is a substring search,
 * and Perl-only syntax (lookaround, backreferences) is an error, as in Google Cloud.
 *
 * What we change, and why (cel-evaluator.test.ts shows each gap on the raw library):
 * - Its map `has()` is `get(key) != undefined`, so a claim whose value is JSON `null` counts as
 *   absent for `has(assertion.k)` and `'k' in assertion`. CEL defines both as key presence. We
 *   patch that one method to `!== undefined` (get returns undefined only for a missing key).
 * - Its lexer keeps escapes that CEL does not define (`"\."`, `"\z"`, `"\400"`) as text and reads
 *   `"\u12"` as U+0012. Google Cloud would refuse such an expression, so we refuse it too, before
 *   parsing (`invalidEscapes`), so that a test cannot pass on an expression Google rejects.
 *
 * Variables are maps: `assertion` is the claims (JSON types: numbers are `double`, as the CEL
 * JSON mapping says); `attribute` and `google` are the mapped attributes, empty when not given.
 */
import { type CelInput, type CelResult, celEnv, celMap, isCelError, isCelList, isCelMap, parse, plan } from '@bufbuild/cel';

export interface CelVars {
  readonly assertion: Record<string, unknown>;
  readonly attribute?: Record<string, unknown>;
  readonly google?: Record<string, unknown>;
}

export interface CelOutcome {
  /** The result: string, boolean, number (double), bigint (int), array (list), object (map). */
  readonly value?: unknown;
  /** A parse, escape or evaluation error (no such key, no matching overload, bad regex). */
  readonly error?: string;
}

// The `has()` fix, applied only while the library still has the bug.
if (!celMap(new Map([['k', null]])).has('k')) {
  const nativeMap = Object.getPrototypeOf(celMap(new Map())) as { has(key: unknown): boolean; get(key: unknown): unknown };
  nativeMap.has = function has(this: typeof nativeMap, key: unknown): boolean {
    return this.get(key) !== undefined;
  };
}

const ENV = celEnv();
type Program = (bindings: Record<string, CelInput>) => CelResult;
/** Parsed and planned once per expression text: property tests run the same few thousands of times. */
const programs = new Map<string, Program | { readonly error: string }>();

/** Parses and evaluates `expression`; never throws. */
export function celEval(expression: string, vars: CelVars): CelOutcome {
  const program = compile(expression);
  if (typeof program !== 'function') return program;
  try {
    const result = program({
      assertion: vars.assertion as CelInput,
      attribute: (vars.attribute ?? {}) as CelInput,
      google: (vars.google ?? {}) as CelInput,
    });
    return isCelError(result) ? { error: result.message } : { value: toJs(result) };
  } catch (e) {
    return { error: `evaluation threw: ${(e as Error).message}` };
  }
}

/** The outcome as a condition: anything but a boolean value (an error, a string) is `'error'`. */
export function celBool(expression: string, vars: CelVars): boolean | 'error' {
  const { value } = celEval(expression, vars);
  return typeof value === 'boolean' ? value : 'error';
}

function compile(expression: string): Program | { readonly error: string } {
  let program = programs.get(expression);
  if (program === undefined) {
    const bad = invalidEscapes(expression);
    if (bad.length > 0) {
      program = { error: `invalid escape sequence(s) in a string literal: ${bad.join(' ')}` };
    } else {
      try {
        program = plan(ENV, parse(expression)) as Program;
      } catch (e) {
        program = { error: `parse error: ${(e as Error).message}` };
      }
    }
    programs.set(expression, program);
  }
  return program;
}

/**
 * The escapes in quoted (not raw) string and bytes literals that CEL does not define
 * (cel-spec langdef "String and Bytes Values"): `\` + one of `\?"'` backtick `abfnrtv`,
 * `\xHH`, `\XHH`, `\uHHHH`, `\UHHHHHHHH`, or three octal digits `[0-3][0-7][0-7]`.
 */
export function invalidEscapes(expression: string): string[] {
  const valid = /^(?:[\\?"'`abfnrtv]|[xX][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-3][0-7]{2})/;
  const bad: string[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '/' && expression[i + 1] === '/') {
      // A comment runs to the end of the line; quotes in it open nothing.
      while (i < expression.length && expression[i] !== '\n') i++;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      // An identifier or number; if a quote follows, the word is a prefix (r, b, rb, br).
      const start = i;
      while (i < expression.length && /[A-Za-z_0-9]/.test(expression[i])) i++;
      if (expression[i] === '"' || expression[i] === "'") {
        i = skipString(expression, i, /[rR]/.test(expression.slice(start, i)), valid, bad);
      }
    } else if (c === '"' || c === "'") {
      i = skipString(expression, i, false, valid, bad);
    } else {
      i++;
    }
  }
  return bad;
}

/** Skips the literal opening at `i` (single or triple quoted) and returns the index after it. */
function skipString(s: string, i: number, raw: boolean, valid: RegExp, bad: string[]): number {
  const quote = s[i];
  const delimiter = s.startsWith(quote.repeat(3), i) ? quote.repeat(3) : quote;
  i += delimiter.length;
  while (i < s.length && !s.startsWith(delimiter, i)) {
    if (s[i] === '\\' && !raw) {
      const escape = valid.exec(s.slice(i + 1))?.[0];
      if (escape === undefined) bad.push(s.slice(i, i + 2));
      i += 1 + (escape?.length ?? 1);
    } else {
      i++;
    }
  }
  return i + delimiter.length;
}

/** CEL lists and maps as JS arrays and objects, so tests can compare them with `toEqual`. */
function toJs(value: unknown): unknown {
  if (isCelList(value)) return [...value].map(toJs);
  if (isCelMap(value)) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJs(v)]));
  return value;
}
