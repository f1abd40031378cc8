import { show } from '../../core/errors';
import { TargetCloud } from '../../core/issuer';
import { ReviewDecision } from '../review-decision';
import { TrustEntry } from '../trust-entry';
import { TrustReport } from '../trust-report';
import { testingError, TrustTestingErrorCode } from './errors';
import { reportOf } from './private/report-input';
import { AllowsTokenOptions, TrustAssertionResult, TrustSnapshotOptions } from './trust-assertion-result';
import { TrustSnapshot } from './trust-snapshot';

const AWS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';
/** Google's default audience is the provider's resource name; the review accepts any project in it. */
const GOOGLE_PROJECT_PLACEHOLDER = 'PROJECT_NUMBER';

/**
 * Framework-neutral assertions on reviewed trust: each returns `{ pass, message, certain }`, so any
 * test framework can wrap it (the jest matchers in `workload-trust/lib/jest` do). Inputs are
 * synthesized templates or configurations (or a {@link TrustReport}); the adapters `StackTrust`
 * (aws-cdk-lib) and `TerraformStackTrust` (cdktf) take stacks.
 *
 * @example
 * declare const template: any;
 * const result = review.TrustAssertions.allowsToken(template, {
 *   iss: 'https://token.actions.githubusercontent.com',
 *   sub: 'repo:acme/app:environment:prod',
 *   repository_id: '123456',
 * });
 * if (!result.pass) throw new Error(result.message);
 */
export class TrustAssertions {
  /**
   * Whether the reviewed trust admits a token with these claims: the core rule semantics
   * (`TrustPolicy.evaluate`) on the rules read back, after the audience and, when the claims
   * have `iss`, the issuer. Without `aud` in the claims the token carries `options.audience`, or
   * the target cloud's default audience (`sts.amazonaws.com`; the Google provider's resource
   * name).
   *
   * `pass` is true when an exactly understood way in admits the token. When everything
   * understood refuses it but a part the review could not read might admit it, `pass` is false
   * and `certain` is false: treat that as a failure of the negated assertion too.
   *
   * @param input a TrustReport, CloudFormation template or Terraform JSON configuration
   * @param claims the token's claims
   * @throws a `TrustError` (`ReviewTestingUnknownIdentity`) when `options.identity` names no identity
   */
  public static allowsToken(input: any, claims: { [claim: string]: any }, options: AllowsTokenOptions = {}): TrustAssertionResult {
    return allowsTokenIn(reportOf(input), claims, options);
  }

  /**
   * Whether the trust snapshot text ({@link TrustSnapshot.of}) equals the expected text (leading
   * and trailing blank space ignored); the message shows the lines that differ.
   */
  public static matchesSnapshot(input: any, expected: string, options: TrustSnapshotOptions = {}): TrustAssertionResult {
    const actual = TrustSnapshot.of(input, options);
    const pass = actual.trim() === expected.trim();
    return { pass, certain: true, message: pass ? 'The trust snapshot matches.' : `The trust snapshot differs (- expected, + actual):\n${lineDiff(expected.trim(), actual.trim())}` };
  }

  private constructor() {}
}

/** {@link TrustAssertions.allowsToken} on a report (the stack adapters select identities first). */
export function allowsTokenIn(report: TrustReport, claims: { [claim: string]: any }, options: AllowsTokenOptions = {},
  entries?: TrustEntry[]): TrustAssertionResult {
  const selected = entries ?? selectEntries(report, options.identity);
  const token = `The token ${show(claims)}`;
  const decisions = selected
    .map((entry) => ({ entry, decision: decide(entry, claims, options.audience) }))
    // Identities that trust no token are not worth a line, unless asked for or not fully read.
    .filter((d) => d.entry.federated || !d.decision.certain || options.identity !== undefined);
  const admitting = decisions.filter((d) => d.decision.allowed);
  if (admitting.length > 0) {
    return {
      pass: true,
      certain: true,
      message: `${token} gets in as ${admitting.map((d) => `${name(d.entry)} (${d.decision.reason})`).join('; ')}.`,
    };
  }
  const unsure = decisions.filter((d) => !d.decision.certain);
  const scope = options.identity === undefined ? 'any identity' : show(options.identity);
  if (decisions.length === 0) {
    return { pass: false, certain: true, message: `${token} gets in nowhere: no identity in the reviewed trust trusts web identity tokens.` };
  }
  const reasons = decisions.map((d) => `${name(d.entry)}: ${reasonOf(d.decision)}`).join('; ');
  if (unsure.length > 0) {
    return {
      pass: false,
      certain: false,
      message: `${token} is refused by everything the review understood for ${scope}, but the review is not certain: ${reasons}.`,
    };
  }
  return { pass: false, certain: true, message: `${token} does not get in as ${scope}: ${reasons}.` };
}

/** The entries of the identity (all entries without one); throws when the identity is not there. */
export function selectEntries(report: TrustReport, identity: string | undefined): TrustEntry[] {
  if (identity === undefined) return report.entries;
  const found = report.entries.filter((e) => identityNames(e).includes(identity));
  if (found.length === 0) {
    const known = [...new Set(report.entries.map((e) => e.identity.name))].sort();
    throw testingError(TrustTestingErrorCode.UNKNOWN_IDENTITY,
      `No identity ${show(identity)} in the reviewed trust; it has ${known.length === 0 ? 'no identities' : known.map((k) => show(k)).join(', ')}.`,
      'name the identity by its name, CloudFormation logical ID or Terraform address, role name, ARN, service account or member (the stack adapters also take a construct path).');
  }
  return found;
}

function identityNames(e: TrustEntry): string[] {
  const id = e.identity;
  return [id.name, id.address, id.roleName, id.arn, id.serviceAccount, id.member].filter((n): n is string => n !== undefined);
}

function decide(entry: TrustEntry, claims: { [claim: string]: any }, audience: string | undefined): ReviewDecision {
  if (!entry.federated && entry.unparsed.length > 0) {
    return { allowed: false, certain: false, reason: 'the identity trusts no web identity token the review could read, but parts of its trust were not understood' };
  }
  return entry.evaluate(withAudience(entry, claims, audience));
}

function withAudience(entry: TrustEntry, claims: { [claim: string]: any }, audience: string | undefined): { [claim: string]: any } {
  if (Object.prototype.hasOwnProperty.call(claims, 'aud')) return claims;
  const aud = audience ?? defaultAudience(entry);
  return aud === undefined ? claims : { ...claims, aud };
}

function defaultAudience(entry: TrustEntry): string | undefined {
  if (entry.cloud === TargetCloud.AWS) return AWS_DEFAULT_AUDIENCE;
  const pool = entry.provider?.poolId;
  const provider = entry.provider?.providerId;
  if (pool === undefined || provider === undefined) return undefined;
  const project = /^principal(?:Set)?:\/\/iam\.googleapis\.com\/projects\/([^/]+)\//.exec(entry.identity.member ?? '')?.[1];
  const number = project !== undefined && /^[0-9]+$/.test(project) ? project : GOOGLE_PROJECT_PLACEHOLDER;
  return `https://iam.googleapis.com/projects/${number}/locations/global/workloadIdentityPools/${pool}/providers/${provider}`;
}

function name(entry: TrustEntry): string {
  const via = entry.provider?.address ?? entry.issuerUrl;
  return `${entry.identity.name}${via ? ` via ${via}` : ''}`;
}

function reasonOf(d: ReviewDecision): string {
  return d.certain ? d.reason : `${d.reason} (uncertain)`;
}

/** A minimal line diff: common prefix and suffix kept, the middle shown as removed and added. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [
    ...a.slice(Math.max(0, start - 2), start).map((l) => `  ${l}`),
    ...a.slice(start, endA).map((l) => `- ${l}`),
    ...b.slice(start, endB).map((l) => `+ ${l}`),
    ...a.slice(endA, endA + 2).map((l) => `  ${l}`),
  ].join('\n');
}
