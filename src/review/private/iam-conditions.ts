import { CfnValues } from './cfn-values';
import { iamPattern } from './iam-pattern';
import { childPath } from './json-path';
import { asList, isObject, rawText } from './text';
import { ClaimCondition } from '../../core/claim-condition';
import { messageOf } from '../../core/errors';
import { Glob } from '../../core/glob';
import { memoize } from '../../core/private/memo';
import { SourceLocation } from '../source-location';
import { UnparsedKind } from '../unparsed-fragment';

/** A fragment before it is placed in an entry (the entry sets the rule index). */
export interface PendingFragment {
  readonly kind: UnparsedKind;
  readonly raw: string;
  readonly reason: string;
  readonly source: SourceLocation;
}

/** What one statement's `Condition` block says about one issuer's tokens. */
export interface StatementConditions {
  /** The claim conditions understood (all must hold). */
  readonly conditions: ClaimCondition[];
  /** Audiences admitted by the `aud` conditions understood. */
  readonly audiences: string[];
  /** Whether the statement checks the audience. */
  readonly checksAudience: boolean;
  /** What could not be understood. */
  readonly fragments: PendingFragment[];
}

const OPERATOR = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/;

/** An operator's parts: `ForAnyValue:StringLikeIfExists` is `ForAnyValue:`, `StringLike`, if-exists. */
interface OperatorParts {
  readonly qualifier: string;
  readonly base: string;
  readonly ifExists: boolean;
}

/** Operators are a handful of texts repeated in every statement: each is split once. */
const operatorParts = memoize((operator): OperatorParts => {
  const [, qualifier = '', base, ifExists] = OPERATOR.exec(operator)!;
  return { qualifier, base, ifExists: ifExists !== undefined };
});

/** A condition key's parts: `token.actions.githubusercontent.com:sub` is that prefix and `sub`. */
interface KeyParts {
  /** Before the first colon (all of the key without one). */
  readonly prefix: string;
  /** After the first colon ('' without one). */
  readonly claim: string;
}

/** Keys are a handful of texts repeated in every statement: each is split once. */
const keyParts = memoize((key): KeyParts => {
  const cut = key.indexOf(':');
  return { prefix: cut < 0 ? key : key.slice(0, cut), claim: cut < 0 ? '' : key.slice(cut + 1) };
});

/** Own keys only: `for...in` also lists enumerable keys of a (polluted) prototype. */
function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** Whether every element is a string (a hole is not: it reads as undefined). */
function allStrings(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}

/**
 * Reads a trust statement's `Condition` block for the issuer whose condition keys start with
 * `prefix` (`token.actions.githubusercontent.com`): `StringEquals` and `StringLike` (also in their
 * `ForAnyValue:` form, which on a single-valued claim holds exactly when the value matches) become
 * `equals` and `like` conditions, with IAM's escapes reversed; `<prefix>:aud` becomes audiences.
 * Everything else becomes a fragment with its raw text: nothing is dropped silently.
 *
 * @param prefix the issuer's condition-key prefix, or undefined when the issuer is unknown
 */
export function readConditions(block: unknown, prefix: string | undefined, path: string, file: string, values: CfnValues): StatementConditions {
  const reader = new ConditionReader(prefix, path, file, values);
  if (block === undefined) return reader;
  if (!isObject(block)) {
    reader.fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(block), reason: 'The Condition block is not a literal object (an intrinsic function?), so its checks cannot be read.', source: { file, jsonPath: path } });
    return reader;
  }
  // Own keys with for...in: no key array per statement (the review reads thousands).
  for (const operator in block) {
    if (!hasOwn(block, operator)) continue;
    const keys = block[operator];
    if (!isObject(keys)) {
      reader.fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: `${operator}: ${rawText(keys)}`, reason: `The keys of ${operator} are not a literal object, so they cannot be read.`, source: { file, jsonPath: childPath(path, operator) } });
      continue;
    }
    for (const key in keys) if (hasOwn(keys, key)) reader.read(operator, key, keys[key]);
  }
  return reader;
}

/**
 * The conditions of one block as they are read. One object per block, with the key being read in
 * fields rather than closures per key: the review reads every key of thousands of statements.
 */
class ConditionReader implements StatementConditions {
  public readonly conditions: ClaimCondition[] = [];
  public readonly audiences: string[] = [];
  public readonly fragments: PendingFragment[] = [];
  public checksAudience = false;
  private readonly lowerPrefix?: string;
  // The key being read, for its fragments (its path is built only for a fragment).
  private operator = '';
  private key = '';
  private value: unknown;

  constructor(
    private readonly prefix: string | undefined,
    private readonly path: string,
    private readonly file: string,
    private readonly values: CfnValues,
  ) {
    this.lowerPrefix = prefix?.toLowerCase();
  }

  public read(operator: string, key: string, value: unknown): void {
    this.operator = operator;
    this.key = key;
    this.value = value;
    const { prefix } = this;
    const { qualifier, base, ifExists } = operatorParts(operator);
    const { prefix: keyPrefix, claim } = keyParts(key);
    if (prefix === undefined || (keyPrefix !== prefix && keyPrefix.toLowerCase() !== this.lowerPrefix) || claim === '') {
      this.fragment(UnparsedKind.OTHER_KEY, `The key ${key} is not a claim of ${prefix === undefined ? 'the trusted issuer (which is unknown)' : `the trusted issuer ${prefix}`}; the review does not model it.`);
      return;
    }
    if (qualifier === 'ForAllValues:') {
      this.fragment(UnparsedKind.FOR_ALL_VALUES, `${operator} on ${key} holds when every value matches and also when the token has no ${claim} claim, so this Allow does not require ${claim}.`);
      return;
    }
    if (ifExists) {
      this.fragment(UnparsedKind.IF_EXISTS, `${operator} on ${key} also holds when the token has no ${claim} claim.`);
      return;
    }
    if (base === 'Null') {
      this.fragment(UnparsedKind.NULL_CHECK, `Null on ${key} checks only whether the ${claim} claim is present, not its value.`);
      return;
    }
    if (base !== 'StringEquals' && base !== 'StringLike') {
      this.fragment(UnparsedKind.UNKNOWN_OPERATOR, `The operator ${operator} is not one the review reads back (StringEquals, StringLike and their ForAnyValue: forms).`);
      return;
    }
    const listed = asList(value);
    // Literal strings (the usual case) are read as they are, without a copy.
    let texts = listed as string[];
    let bad = false;
    if (!allStrings(listed)) {
      texts = [];
      for (const v of listed) {
        const resolved = this.values.text(v);
        if (resolved?.exact) {
          texts.push(resolved.text);
        } else {
          bad = true;
          this.fragment(typeof v === 'object' && v !== null ? UnparsedKind.UNRESOLVED_REFERENCE : UnparsedKind.NON_STRING_VALUE,
            `The value ${rawText(v)} of ${key} is not a literal string, so the review cannot tell which ${claim} values it admits.`);
        }
      }
    }
    if (bad) return;
    if (texts.length === 0) {
      this.fragment(UnparsedKind.INVALID_VALUE, `${operator} on ${key} lists no value.`);
      return;
    }
    // Only three letters lowercase to `aud`: other claims are not lowercased (a copy per key).
    const isAudience = claim.length === 3 && claim.toLowerCase() === 'aud';
    // Cognito's amr is a list (documented with ForAnyValue:); elsewhere a ForAnyValue: key is read as single-valued, as the compiler writes it.
    if (qualifier === 'ForAnyValue:' && claim.toLowerCase() === 'amr' && keyPrefix.toLowerCase() === 'cognito-identity.amazonaws.com') {
      this.fragment(UnparsedKind.NON_STRING_VALUE, `${operator} on ${key} holds when any element of the amr list matches; the rules model string claims, so this check is left out.`);
      return;
    }
    if (base === 'StringEquals') {
      const variable = texts.find((t) => t.includes('${'));
      if (variable !== undefined) {
        this.fragment(UnparsedKind.POLICY_VARIABLE, `The value ${JSON.stringify(variable)} of ${key} holds a policy variable, which IAM replaces per request under StringEquals.`);
        return;
      }
      if (isAudience) {
        this.audiences.push(...texts);
        this.checksAudience = true;
        return;
      }
      try {
        this.conditions.push(ClaimCondition.equalTo(claim, ...texts));
      } catch (e) {
        this.unmodelled(e);
      }
      return;
    }
    const globs: Glob[] = [];
    for (const t of texts) {
      const p = iamPattern(t);
      if (p.variable !== undefined) {
        this.fragment(UnparsedKind.POLICY_VARIABLE, `The pattern ${JSON.stringify(t)} of ${key} holds the policy variable ${p.variable}, which IAM replaces per request.`);
        bad = true;
      } else if (!p.glob) {
        this.fragment(UnparsedKind.INVALID_VALUE, `The pattern of ${key} is empty; it matches only an empty ${claim}.`);
        bad = true;
      } else {
        globs.push(p.glob);
      }
    }
    if (bad) return;
    if (isAudience) {
      this.checksAudience = true;
      if (globs.every((g) => g.isLiteral)) this.audiences.push(...globs.map((g) => g.literalPrefix));
      else this.fragment(UnparsedKind.AUDIENCE_PATTERN, `The audience of ${key} is a pattern (${texts.join(', ')}), so the admitted audiences cannot be listed.`);
      return;
    }
    try {
      this.conditions.push(ClaimCondition.likeGlob(claim, ...globs));
    } catch (e) {
      this.unmodelled(e);
    }
  }

  /** A fragment of the key being read; its raw text and location are built only here (most keys are understood). */
  private fragment(kind: UnparsedKind, reason: string): void {
    this.fragments.push({
      kind,
      raw: `${this.operator}: ${JSON.stringify({ [this.key]: this.value })}`,
      reason,
      source: { file: this.file, jsonPath: childPath(childPath(this.path, this.operator), this.key) },
    });
  }

  private unmodelled(e: unknown): void {
    this.fragment(UnparsedKind.INVALID_VALUE, `The condition on ${this.key} cannot be modelled: ${messageOf(e as Error)}`);
  }
}

/**
 * The condition-key prefixes a statement uses, other than the global ones (`aws:`, `sts:`,
 * `iam:`...): when the principal cannot be resolved, a single prefix names the issuer.
 */
export function conditionKeyPrefixes(block: unknown): string[] {
  if (!isObject(block)) return [];
  const prefixes = new Set<string>();
  for (const keys of Object.values(block)) {
    if (!isObject(keys)) continue;
    for (const key of Object.keys(keys)) {
      const cut = key.indexOf(':');
      if (cut <= 0) continue;
      const p = key.slice(0, cut).toLowerCase();
      if (!/^(aws|sts|iam|s3|ec2|kms)$/.test(p)) prefixes.add(key.slice(0, cut));
    }
  }
  return [...prefixes];
}
