import { TargetCloud } from '../../core/issuer';
import { compareText } from '../private/text';
import { ReviewFinding } from '../review-finding';
import { RuleNormalization } from '../rule-normalization';
import { TrustEntry } from '../trust-entry';
import { TrustReport } from '../trust-report';
import { UnparsedFragment } from '../unparsed-fragment';
import { reportOf } from './private/report-input';
import { TrustSnapshotOptions } from './trust-assertion-result';

const INDENT = '  ';

/**
 * "Who can get in", as stable, human-readable text: one block per identity with its issuer,
 * provider, audiences, session lifetime, rules in normal form, what could not be read, and the
 * finding IDs. Blocks, rules, audiences and IDs are sorted, and file names are left out, so the
 * text changes only when the trust changes. Snapshot it instead of 300 lines of template JSON.
 *
 * @example
 * declare const template: any;
 * const text = review.TrustSnapshot.of(template);
 * // aws-role Deploy7B206E61
 * //   issuer: https://token.actions.githubusercontent.com
 * //   via: GitHub38B7EEC4 (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)
 * //   audiences: sts.amazonaws.com
 * //   max session: 1 h
 * //   rules:
 * //     - repository_id equals "123456" AND sub equals "repo:acme/app:environment:prod"
 * //   findings: none
 */
export class TrustSnapshot {
  /**
   * The snapshot text of a {@link TrustReport}, a CloudFormation template or Terraform JSON
   * configuration (an object, or its JSON text as cdktf's `Testing.synth` returns it).
   *
   * @param input the report, template or configuration
   */
  public static of(input: any, options: TrustSnapshotOptions = {}): string {
    return TrustSnapshot.ofReport(reportOf(input), options);
  }

  /** The snapshot text of a report. */
  public static ofReport(report: TrustReport, options: TrustSnapshotOptions = {}): string {
    const entries = report.entries.filter((e) => e.federated || options.includeNonFederated);
    const blocks = entries.map(entryBlock).sort(compareText);
    const outside = outsideBlock(report);
    if (outside) blocks.push(outside);
    if (blocks.length === 0) return 'no identity trusts web identity tokens';
    return blocks.join('\n\n');
  }

  private constructor() {}
}

/** The text block of one entry. */
export function entryBlock(e: TrustEntry): string {
  const lines = [`${e.identity.kind} ${e.identity.name}`];
  const field = (name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${INDENT}${name}: ${oneLine(value)}`);
  };
  const id = e.identity;
  if (id.address !== id.name) field('address', id.address);
  if (id.roleName !== undefined && id.roleName !== id.name) field('role name', id.roleName);
  if (id.serviceAccount !== undefined && id.serviceAccount !== id.name) field('service account', id.serviceAccount);
  field('project', id.project);
  field('role', id.role);
  field('member', id.member);
  if (!e.federated) {
    field('trusts', e.otherPrincipals.length > 0 ? [...e.otherPrincipals].sort(compareText).join('; ') : 'no principal');
    lines.push(...unparsedLines(e.unparsed));
    lines.push(`${INDENT}findings: ${findingIds(e.findings)}`);
    return lines.join('\n');
  }
  field('issuer', e.issuerUrl ?? `unknown (${e.principal})`);
  field('via', via(e));
  field('audiences', audiences(e));
  field('max session', e.maxSessionSeconds === undefined ? 'unknown' : duration(e.maxSessionSeconds));
  if (e.otherPrincipals.length > 0) field('also trusts', [...e.otherPrincipals].sort(compareText).join('; '));
  lines.push(`${INDENT}rules:`);
  const rules = [...new Set(e.rules.map((r) => {
    const text = r.rule ? RuleNormalization.key(r.rule) : '(no claim condition)';
    return r.exact ? text : `${text} (and parts the review could not read)`;
  }))].sort(compareText);
  if (rules.length === 0) lines.push(`${INDENT}${INDENT}(none: no way in)`);
  for (const r of rules) lines.push(`${INDENT}${INDENT}- ${oneLine(r)}`);
  lines.push(...unparsedLines(e.unparsed));
  lines.push(`${INDENT}findings: ${findingIds(e.findings)}`);
  return lines.join('\n');
}

function via(e: TrustEntry): string {
  const p = e.provider;
  if (p === undefined) return e.principal;
  if (e.cloud === TargetCloud.AWS) {
    return p.address !== undefined && p.address !== e.principal ? `${p.address} (${e.principal})` : e.principal;
  }
  const ids = p.poolId !== undefined || p.providerId !== undefined ? ` (pool ${p.poolId ?? 'unknown'}, provider ${p.providerId ?? 'unknown'})` : '';
  const condition = p.hasAttributeCondition === false ? ', no attribute condition' : '';
  return `${p.address ?? e.principal}${ids}${condition}`;
}

function audiences(e: TrustEntry): string {
  const out: string[] = [];
  if (e.admitsTargetDefaultAudience) out.push(e.cloud === TargetCloud.AWS ? 'sts.amazonaws.com' : "the provider's resource name");
  out.push(...[...new Set(e.audiences)].filter((a) => !(e.cloud === TargetCloud.AWS && e.admitsTargetDefaultAudience && a === 'sts.amazonaws.com')).sort(compareText));
  if (!e.checksAudience) {
    const ids = e.provider?.clientIds;
    out.push(`any client ID of the provider${ids ? ` (${[...ids].sort(compareText).join(', ')})` : ''} through a way in without an audience check`);
  }
  return out.length > 0 ? out.join(', ') : 'none';
}

function unparsedLines(fragments: UnparsedFragment[]): string[] {
  if (fragments.length === 0) return [];
  const texts = [...new Set(fragments.map((f) => `${f.kind}: ${oneLine(f.raw)}`))].sort(compareText);
  return [`${INDENT}not understood:`, ...texts.map((t) => `${INDENT}${INDENT}- ${t}`)];
}

function findingIds(findings: ReviewFinding[]): string {
  const ids = new Map<string, string>();
  for (const f of findings) ids.set(f.id, f.severity);
  if (ids.size === 0) return 'none';
  return [...ids.keys()].sort(compareText).map((id) => `${id} (${ids.get(id)})`).join(', ');
}

/** Findings and fragments that belong to no entry (e.g. a Google provider nothing is granted through). */
function outsideBlock(report: TrustReport): string | undefined {
  const key = (f: ReviewFinding) => JSON.stringify([f.id, f.file, f.jsonPath, f.ruleIndex ?? null, f.message]);
  const inEntries = new Set(report.entries.flatMap((e) => e.findings.map(key)));
  const findings = report.findings.filter((f) => !inEntries.has(key(f)));
  if (findings.length === 0 && report.unparsed.length === 0) return undefined;
  const lines = ['outside any identity'];
  const texts = [...new Set(findings.map((f) => `${f.id} (${f.severity}) at ${f.jsonPath}`))].sort(compareText);
  if (texts.length > 0) lines.push(`${INDENT}findings:`, ...texts.map((t) => `${INDENT}${INDENT}- ${oneLine(t)}`));
  lines.push(...unparsedLines(report.unparsed));
  return lines.join('\n');
}

/** Seconds as hours, minutes or seconds, whichever is exact. */
function duration(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The text on one line: line breaks and tabs escaped, so a value cannot forge snapshot lines. */
function oneLine(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
