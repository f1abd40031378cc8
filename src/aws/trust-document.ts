import { AwsTrustErrorCode } from './errors';
import { ClaimCondition, ConditionOperator } from '../core/claim-condition';
import { show, trustError } from '../core/errors';
import { Glob, GlobSegmentKind } from '../core/glob';
import { TargetCloud } from '../core/issuer';
import { TrustPolicy } from '../core/trust-policy';
import { TrustRule } from '../core/trust-rule';

/** The audience `aws-actions/configure-aws-credentials` and IRSA request (FACTS.md, "GitHub Actions OIDC"). */
export const AWS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';

/** Google's issuer, which IAM federates through a built-in principal. */
const GOOGLE_ACCOUNTS = 'https://accounts.google.com';

/** The action web-identity trust statements allow. */
export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/** IAM condition values: one string or a list (any of which may match). */
type ConditionValues = string | string[];

/** An IAM `Condition` block: operator → key → values. */
export type ConditionBlock = { [operator: string]: { [key: string]: ConditionValues } };

/** One trust statement as IAM reads it. */
export interface TrustStatementJson {
  readonly Effect: 'Allow';
  readonly Principal: { readonly Federated: string };
  readonly Action: string;
  readonly Condition: ConditionBlock;
}

/**
 * Characters IAM policy documents may hold: tab, LF, CR and U+0020–U+00FF (FACTS.md, "AWS: IAM
 * roles and STS", quotas page).
 */
const WRITABLE = /^[\t\n\r\u0020-\u00ff]*$/;

/** `StringLike` wildcards and the policy-variable opener, which must be escaped to stay literal. */
const SPECIAL = /[*?$]/g;

/**
 * The IAM condition-key prefix of an issuer: its URL without `https://`, path included
 * (`token.actions.githubusercontent.com/acme` for an enterprise issuer; FACTS.md, "GitHub Actions OIDC").
 */
export function conditionKeyPrefix(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '');
}

/**
 * Compiles a trust policy into IAM trust statements: one `Allow sts:AssumeRoleWithWebIdentity`
 * per rule, each with the audience check and the rule's conditions. A declaration that IAM cannot
 * express exactly throws; nothing is dropped or widened.
 *
 * @param policy the cloud-neutral declaration
 * @param providerArn the IAM OIDC provider ARN (a token is fine)
 */
export function compileTrustStatements(policy: TrustPolicy, providerArn: string): TrustStatementJson[] {
  if (policy.issuer.url === GOOGLE_ACCOUNTS) {
    // For Google ID tokens with `azp`, IAM's accounts.google.com:aud key reads `azp` and :oaud reads
    // `aud`, and the principal is the built-in accounts.google.com, not an OIDC provider ARN.
    throw trustError(AwsTrustErrorCode.UNSUPPORTED_ISSUER,
      'Trust for https://accounts.google.com cannot be compiled exactly for AWS yet: IAM reads the accounts.google.com:aud key from the token\'s azp claim (and :oaud from aud), and trusts the built-in accounts.google.com principal instead of an IAM OIDC provider.',
      'use this declaration on Google Cloud, or write the AWS role by hand with accounts.google.com:oaud, :aud (azp) and :sub conditions.');
  }
  const prefix = conditionKeyPrefix(policy.issuer.url);
  const audience = exactValues(`${prefix}:aud`, policy.audiencesFor([AWS_DEFAULT_AUDIENCE]), () => `The audiences of the trust policy for ${policy.issuer.url}`);
  return policy.rules.map((rule, index) => {
    checkClaims(policy, rule, index);
    const condition: ConditionBlock = {};
    add(condition, audience);
    for (const claim of rule.claims) {
      for (const entry of compileClaim(`${prefix}:${claim}`, rule.conditionsOn(claim), rule, index)) add(condition, entry);
    }
    return {
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ASSUME_ROLE_WITH_WEB_IDENTITY,
      Condition: sortOperators(condition),
    };
  });
}

/** The policy document IAM stores for the statements. */
export function trustDocument(statements: TrustStatementJson[]): { Version: string; Statement: TrustStatementJson[] } {
  // Version 2012-10-17: the `${*}` escapes are policy variables, which need it (FACTS.md).
  return { Version: '2012-10-17', Statement: statements };
}

interface Entry {
  readonly operator: string;
  readonly key: string;
  readonly values: string[];
}

function add(block: ConditionBlock, e: Entry): void {
  const keys = block[e.operator] ?? (block[e.operator] = {});
  keys[e.key] = e.values.length === 1 ? e.values[0] : e.values;
}

const OPERATOR_ORDER = ['StringEquals', 'StringLike', 'ForAnyValue:StringLike'];

function sortOperators(block: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const op of OPERATOR_ORDER) if (block[op]) out[op] = block[op];
  return out;
}

function checkClaims(policy: TrustPolicy, rule: TrustRule, index: number): void {
  const checkable = policy.issuer.checkableClaims(TargetCloud.AWS);
  for (const claim of rule.claims) {
    if (checkable && !checkable.includes(claim)) {
      throw trustError(AwsTrustErrorCode.UNSUPPORTED_CLAIM,
        `Rule ${index + 1} (${rule.describe()}) of the trust policy for ${policy.issuer.url} checks the claim ${show(claim)}, which AWS STS cannot check for ${policy.issuer.displayName}; STS would ignore the condition, so the role would admit more tokens than declared. Claims STS checks for this issuer: ${checkable.join(', ')}.`,
        `express the restriction through one of those claims (for GitHub, a customised \`sub\` with include_claim_keys carries other claims into the subject), or use a cloud that checks ${show(claim)} (Google Cloud checks any claim).`);
    }
  }
}

/** The entries for all conditions of one rule on one claim (they must all hold). */
function compileClaim(key: string, conditions: ClaimCondition[], rule: TrustRule, index: number): Entry[] {
  // For messages only: built when a check fails, not for every claim of every rule.
  const where = () => `Rule ${index + 1} (${rule.describe()})`;
  const exact = conditions.filter((c) => c.operator === ConditionOperator.EQUALS);
  const likes = conditions.filter((c) => c.operator === ConditionOperator.LIKE);
  if (exact.length > 0) {
    // Equal values that every other condition on the claim admits: the exact intersection.
    const values = exact[0].values.filter((v) => exact.every((c) => c.values.includes(v)) && likes.every((c) => c.globs.some((g) => g.matches(v))));
    if (values.length === 0) {
      throw trustError(AwsTrustErrorCode.UNSATISFIABLE_RULE,
        `${where()} has conditions on ${show(key)} that no single value satisfies (${conditions.map((c) => c.toString()).join(' AND ')}), so the rule could never hold.`,
        'remove the rule, or fix the values so at least one satisfies every condition.');
    }
    return [exactValues(key, values, where)];
  }
  if (likes.length > 2) {
    throw trustError(AwsTrustErrorCode.TOO_MANY_CONDITIONS_ON_CLAIM,
      `${where()} has ${likes.length} like conditions on ${show(key)}; one IAM statement can AND at most two patterns on one key (StringLike and ForAnyValue:StringLike).`,
      'merge the patterns into at most two conditions, or list the exact values with equals.');
  }
  // A second pattern on the same key needs a second operator: ForAnyValue:StringLike on a
  // single-valued key holds exactly when the value matches, and never when the key is missing.
  return likes.map((c, i) => ({ operator: i === 0 ? 'StringLike' : 'ForAnyValue:StringLike', key, values: c.globs.map((g) => likePattern(g, key, where)) }));
}

/** Exact values: plain under StringEquals, or fully escaped under StringLike when one holds `${`. */
function exactValues(key: string, values: string[], where: () => string): Entry {
  for (const v of values) writable(v, key, where);
  // Under StringEquals IAM substitutes `${...}` policy variables, and the `${$}` escape is not read
  // the same way everywhere (FACTS.md); StringLike with every special character escaped is exact.
  if (values.some((v) => v.includes('${'))) {
    return { operator: 'StringLike', key, values: values.map(escapeLiteral) };
  }
  return { operator: 'StringEquals', key, values };
}

function likePattern(glob: Glob, key: string, where: () => string): string {
  return glob.segments.map((s) => {
    switch (s.kind) {
      case GlobSegmentKind.ANY_RUN: return '*';
      case GlobSegmentKind.ANY_CHAR:
        throw trustError(AwsTrustErrorCode.UNSUPPORTED_WILDCARD,
          `${where()} uses the ? wildcard in ${show(glob.toString())} on ${show(key)}. IAM's ? matches one UTF-16 unit, so it disagrees with the declared meaning (one character) on characters outside the Basic Multilingual Plane, and a run of ?s could admit values the declaration refuses.`,
          'use * for the variable part, or list the exact values with equals.');
      default:
        writable(s.text!, key, where);
        return escapeLiteral(s.text!);
    }
  }).join('');
}

function escapeLiteral(text: string): string {
  return text.replace(SPECIAL, (c) => `\${${c}}`);
}

function writable(value: string, key: string, where: () => string): void {
  if (!WRITABLE.test(value)) {
    const bad = Array.from(value).find((c) => !WRITABLE.test(c))!;
    throw trustError(AwsTrustErrorCode.UNWRITABLE_CHARACTER,
      `${where()} needs the value ${show(value)} on ${show(key)}, which contains ${show(bad)} (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); IAM policy documents may contain only tab, LF, CR and U+0020 to U+00FF.`,
      'trust an immutable ID instead of this name (e.g. pinned repository IDs), or rename the branch, environment or workload with Latin-1 characters.');
  }
}
