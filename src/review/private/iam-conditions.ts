import { ClaimCondition } from '../../core/claim-condition';
import { Glob } from '../../core/glob';
import { SourceLocation } from '../source-location';
import { UnparsedKind } from '../unparsed-fragment';
import { CfnValues } from './cfn-values';
import { iamPattern } from './iam-pattern';
import { childPath } from './json-path';
import { asList, isObject, rawText } from './text';

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
  const conditions: ClaimCondition[] = [];
  const audiences: string[] = [];
  const fragments: PendingFragment[] = [];
  let checksAudience = false;
  const at = (jsonPath: string): SourceLocation => ({ file, jsonPath });
  if (block === undefined) return { conditions, audiences, checksAudience, fragments };
  if (!isObject(block)) {
    fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(block), reason: 'The Condition block is not a literal object (an intrinsic function?), so its checks cannot be read.', source: at(path) });
    return { conditions, audiences, checksAudience, fragments };
  }
  for (const [operator, keys] of Object.entries(block)) {
    const opPath = childPath(path, operator);
    if (!isObject(keys)) {
      fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: `${operator}: ${rawText(keys)}`, reason: `The keys of ${operator} are not a literal object, so they cannot be read.`, source: at(opPath) });
      continue;
    }
    const [, qualifier = '', base, ifExists] = OPERATOR.exec(operator)!;
    for (const [key, value] of Object.entries(keys)) {
      const source = at(childPath(opPath, key));
      const raw = `${operator}: ${JSON.stringify({ [key]: value })}`;
      const cut = key.indexOf(':');
      const keyPrefix = cut < 0 ? key : key.slice(0, cut);
      const claim = cut < 0 ? '' : key.slice(cut + 1);
      const fragment = (kind: UnparsedKind, reason: string) => fragments.push({ kind, raw, reason, source });
      const add = (build: () => ClaimCondition) => {
        try {
          conditions.push(build());
        } catch (e) {
          fragment(UnparsedKind.INVALID_VALUE, `The condition on ${key} cannot be modelled: ${(e as Error).message.replace(/^\[[^\]]+\] /, '')}`);
        }
      };
      if (prefix === undefined || keyPrefix.toLowerCase() !== prefix.toLowerCase() || claim === '') {
        fragment(UnparsedKind.OTHER_KEY, `The key ${key} is not a claim of ${prefix === undefined ? 'the trusted issuer (which is unknown)' : `the trusted issuer ${prefix}`}; the review does not model it.`);
        continue;
      }
      if (qualifier === 'ForAllValues:') {
        fragment(UnparsedKind.FOR_ALL_VALUES, `${operator} on ${key} holds when every value matches and also when the token has no ${claim} claim, so this Allow does not require ${claim}.`);
        continue;
      }
      if (ifExists) {
        fragment(UnparsedKind.IF_EXISTS, `${operator} on ${key} also holds when the token has no ${claim} claim.`);
        continue;
      }
      if (base === 'Null') {
        fragment(UnparsedKind.NULL_CHECK, `Null on ${key} checks only whether the ${claim} claim is present, not its value.`);
        continue;
      }
      if (base !== 'StringEquals' && base !== 'StringLike') {
        fragment(UnparsedKind.UNKNOWN_OPERATOR, `The operator ${operator} is not one the review reads back (StringEquals, StringLike and their ForAnyValue: forms).`);
        continue;
      }
      const texts: string[] = [];
      let bad = false;
      for (const v of asList(value)) {
        const resolved = values.text(v);
        if (resolved?.exact) {
          texts.push(resolved.text);
        } else {
          bad = true;
          fragment(typeof v === 'object' && v !== null ? UnparsedKind.UNRESOLVED_REFERENCE : UnparsedKind.NON_STRING_VALUE,
            `The value ${rawText(v)} of ${key} is not a literal string, so the review cannot tell which ${claim} values it admits.`);
        }
      }
      if (bad) continue;
      if (texts.length === 0) {
        fragment(UnparsedKind.INVALID_VALUE, `${operator} on ${key} lists no value.`);
        continue;
      }
      const isAudience = claim.toLowerCase() === 'aud';
      // Cognito's amr is a list (documented with ForAnyValue:); elsewhere a ForAnyValue: key is read as single-valued, as the compiler writes it.
      if (qualifier === 'ForAnyValue:' && claim.toLowerCase() === 'amr' && keyPrefix.toLowerCase() === 'cognito-identity.amazonaws.com') {
        fragment(UnparsedKind.NON_STRING_VALUE, `${operator} on ${key} holds when any element of the amr list matches; the rules model string claims, so this check is left out.`);
        continue;
      }
      if (base === 'StringEquals') {
        const variable = texts.find((t) => t.includes('${'));
        if (variable !== undefined) {
          fragment(UnparsedKind.POLICY_VARIABLE, `The value ${JSON.stringify(variable)} of ${key} holds a policy variable, which IAM replaces per request under StringEquals.`);
          continue;
        }
        if (isAudience) {
          audiences.push(...texts);
          checksAudience = true;
          continue;
        }
        add(() => ClaimCondition.equalTo(claim, ...texts));
        continue;
      }
      const globs: Glob[] = [];
      for (const t of texts) {
        const p = iamPattern(t);
        if (p.variable !== undefined) {
          fragment(UnparsedKind.POLICY_VARIABLE, `The pattern ${JSON.stringify(t)} of ${key} holds the policy variable ${p.variable}, which IAM replaces per request.`);
          bad = true;
        } else if (!p.glob) {
          fragment(UnparsedKind.INVALID_VALUE, `The pattern of ${key} is empty; it matches only an empty ${claim}.`);
          bad = true;
        } else {
          globs.push(p.glob);
        }
      }
      if (bad) continue;
      if (isAudience) {
        checksAudience = true;
        if (globs.every((g) => g.isLiteral)) audiences.push(...globs.map((g) => g.literalPrefix));
        else fragment(UnparsedKind.AUDIENCE_PATTERN, `The audience of ${key} is a pattern (${texts.join(', ')}), so the admitted audiences cannot be listed.`);
        continue;
      }
      add(() => ClaimCondition.likeGlob(claim, ...globs));
    }
  }
  return { conditions, audiences, checksAudience, fragments };
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
