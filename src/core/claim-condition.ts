import { show, trustError, TrustErrorCode } from './errors';
import { Glob } from './glob';

/** How a {@link ClaimCondition} compares a claim with its values. */
export enum ConditionOperator {
  /** The claim equals one of the values exactly (case-sensitive, no wildcards). */
  EQUALS = 'equals',
  /** The claim matches one of the glob patterns (`*` any run, `?` one character). */
  LIKE = 'like',
}

/**
 * Claim names: letters, digits and `_ . - /` (so `repository_id`, `oidc.circleci.com/project-id`),
 * starting with a letter, digit or underscore. A `:` would be ambiguous in AWS condition keys
 * (`<issuer>:<claim>`), and whitespace or quotes cannot be written safely in CEL attribute access.
 */
const CLAIM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;

/**
 * One claim check: the named claim must be present, be a string, and equal one of the values
 * (`equals`) or match one of the patterns (`like`).
 *
 * A missing claim never matches, not even `like(claim, '*')`. A claim whose value is not a
 * string (a number, a boolean, a list) never matches either: clouds compare claims as strings and
 * the library refuses to guess a conversion.
 *
 * @example
 * ClaimCondition.equals('repository_id', '123456');
 * ClaimCondition.like('ref', 'refs/heads/release/*');
 */
export class ClaimCondition {
  /**
   * The claim equals one of `values` exactly: case-sensitive, and `*` or `?` are plain characters.
   * (TypeScript; other jsii languages call {@link ClaimCondition.equalTo}, as `equals` is reserved there.)
   * @jsii ignore
   */
  public static equals(claim: string, ...values: string[]): ClaimCondition {
    return ClaimCondition.equalTo(claim, ...values);
  }

  /** The claim equals one of `values` exactly: case-sensitive, and `*` or `?` are plain characters. */
  public static equalTo(claim: string, ...values: string[]): ClaimCondition {
    const checked = ClaimCondition.checkValues(claim, values, 'equals');
    return new ClaimCondition(claim, ConditionOperator.EQUALS, checked.map((v) => Glob.literal(v)), checked);
  }

  /**
   * The claim matches one of the glob `patterns`: `*` is any run of characters (the empty run, `/`
   * and `:` included), `?` exactly one character. To keep a user-supplied `*` or `?` literal, build
   * the pattern with {@link Glob} and use {@link ClaimCondition.likeGlob}.
   */
  public static like(claim: string, ...patterns: string[]): ClaimCondition {
    const checked = ClaimCondition.checkValues(claim, patterns, 'like');
    return ClaimCondition.likeGlob(claim, ...checked.map((p) => Glob.pattern(p)));
  }

  /** The claim matches one of the given globs. */
  public static likeGlob(claim: string, ...globs: Glob[]): ClaimCondition {
    ClaimCondition.checkClaim(claim);
    if (globs.length === 0) {
      throw trustError(TrustErrorCode.INVALID_VALUE, `The like condition on claim ${show(claim)} has no pattern, so it could never hold.`, 'give at least one pattern.');
    }
    const texts = globs.map((g) => g.toString());
    if (!repeats(texts)) return new ClaimCondition(claim, ConditionOperator.LIKE, globs, texts);
    const unique = dedupe(globs, (g) => g.toString());
    return new ClaimCondition(claim, ConditionOperator.LIKE, unique, unique.map((g) => g.toString()));
  }

  private static checkValues(claim: string, values: unknown[], op: string): string[] {
    ClaimCondition.checkClaim(claim);
    if (values.length === 0) {
      throw trustError(TrustErrorCode.INVALID_VALUE, `The ${op} condition on claim ${show(claim)} has no value, so it could never hold.`, `give at least one value, e.g. ClaimCondition.${op}(${show(claim)}, '...').`);
    }
    for (const v of values) {
      if (typeof v !== 'string' || v.length === 0) {
        throw trustError(TrustErrorCode.INVALID_VALUE, `The ${op} condition on claim ${show(claim)} has the value ${show(v)}; values must be non-empty strings (an empty value would match a claim the issuer left empty).`, 'remove the value, or give the exact text the claim carries.');
      }
    }
    return repeats(values as string[]) ? dedupe(values as string[], (v) => v) : values as string[];
  }

  private static checkClaim(claim: unknown): void {
    if (typeof claim !== 'string' || !CLAIM_NAME.test(claim)) {
      throw trustError(TrustErrorCode.INVALID_CLAIM, `The claim name ${show(claim)} is malformed: a claim name is letters, digits and _ . - / and starts with a letter, digit or _.`, 'use the claim name exactly as it appears in the token, e.g. "sub" or "repository_id".');
    }
    if (claim === 'aud' || claim === 'iss') {
      throw trustError(TrustErrorCode.INVALID_CLAIM, `A condition on ${show(claim)} is not allowed: the policy checks ${claim === 'aud' ? 'audiences through its `audiences` setting' : 'the issuer through its `issuer` setting'}, and a second check here would be ignored by some clouds.`, `remove the condition and set TrustPolicy ${claim === 'aud' ? 'audiences' : 'issuer'} instead.`);
    }
  }

  /** The claim this condition checks. */
  public readonly claim: string;
  /** How the claim is compared. */
  public readonly operator: ConditionOperator;
  /**
   * The values as written: exact values for `equals`; for `like`, each pattern in {@link Glob}'s
   * text form (`\*`, `\?`, `\\` for literal characters).
   */
  public readonly values: string[];
  /** The values as globs (literal globs for `equals`). */
  public readonly globs: Glob[];

  private constructor(claim: string, operator: ConditionOperator, globs: Glob[], values: string[]) {
    this.claim = claim;
    this.operator = operator;
    this.globs = globs;
    this.values = values;
  }

  /** Whether the condition holds for this claim value (`undefined` when the claim is missing). */
  public matches(value: any): boolean {
    if (typeof value !== 'string') return false;
    return this.operator === ConditionOperator.EQUALS ? this.values.includes(value) : this.globs.some((g) => g.matches(value));
  }

  /** A one-line description, e.g. `sub equals "repo:acme/app:ref:refs/heads/main"`. */
  public toString(): string {
    const vals = this.values.map((v) => JSON.stringify(v));
    return `${this.claim} ${this.operator} ${vals.length === 1 ? vals[0] : `one of [${vals.join(', ')}]`}`;
  }
}

/** Conditions with at most this many values are checked for repeats without a set. */
const FEW_VALUES = 8;

/**
 * Whether a text occurs twice. When none does (the usual case), the callers keep their own
 * rest-parameter arrays: a filtered copy and a set per condition were most of the memory a review
 * of 3,000 roles allocated for its conditions (heap profile).
 */
function repeats(texts: string[]): boolean {
  if (texts.length > FEW_VALUES) return new Set(texts).size !== texts.length;
  for (let i = 1; i < texts.length; i++) {
    for (let j = 0; j < i; j++) if (texts[i] === texts[j]) return true;
  }
  return false;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
