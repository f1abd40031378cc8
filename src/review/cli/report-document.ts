import * as path from 'path';
import { Severity } from '../../core/lint/finding';
import { compareText } from '../private/text';
import { ReviewFinding } from '../review-finding';
import { SourceLocation } from '../source-location';
import { TrustEntry } from '../trust-entry';
import { TrustReport } from '../trust-report';
import { UnparsedFragment } from '../unparsed-fragment';

/** The version of the JSON report format ({@link ReportDocument}). */
export const REPORT_FORMAT_VERSION = 1;

/**
 * The CLI's JSON report, format version 1: the output of `--format json` and the input of
 * `--baseline`. Plain data in a stable order, so two runs on the same input print the same bytes:
 *
 * - `files`, `audiences`, `otherPrincipals` are sorted; `entries` are sorted by file, identity
 *   name, IAM role, address and principal; findings by file, JSON path, ID, rule and message;
 *   fragments by rule, file and JSON path;
 * - `rules` keep the input's order (a finding's or fragment's `ruleIndex` points into them); each
 *   rule's conditions are in normal form (`RuleNormalization`): `like` values are glob text
 *   (`*`, `?` wildcards; `\*`, `\?`, `\\` literal characters), `equals` values are exact strings;
 * - file names are relative to the working directory, with `/`;
 * - optional members are left out when unknown.
 *
 * A reader accepts version 1 only; a new version is added for any change that alters meaning.
 */
export interface ReportDocument {
  readonly version: number;
  readonly files: string[];
  readonly summary: SummaryDocument;
  readonly entries: EntryDocument[];
  /** Findings that belong to no entry (e.g. about a Google provider nothing is granted through). */
  readonly findings: FindingDocument[];
  /** Unparsed parts that belong to no entry. */
  readonly unparsed: FragmentDocument[];
}

/** Counts, for people and dashboards. */
export interface SummaryDocument {
  readonly identities: number;
  readonly federated: number;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly unparsed: number;
}

/** One identity and the provider tokens reach it through (`TrustEntry`). */
export interface EntryDocument {
  readonly cloud: string;
  readonly identity: {
    readonly kind: string;
    readonly name: string;
    readonly address: string;
    readonly roleName?: string;
    readonly arn?: string;
    readonly serviceAccount?: string;
    readonly project?: string;
    readonly role?: string;
    readonly member?: string;
  };
  readonly federated: boolean;
  readonly principal: string;
  readonly issuerUrl?: string;
  readonly provider?: {
    readonly address?: string;
    readonly issuerUrl?: string;
    readonly clientIds?: string[];
    readonly poolId?: string;
    readonly providerId?: string;
    readonly hasAttributeCondition?: boolean;
    readonly source?: SourceLocation;
  };
  readonly audiences: string[];
  readonly admitsTargetDefaultAudience: boolean;
  readonly checksAudience: boolean;
  readonly rules: RuleDocument[];
  readonly maxSessionSeconds?: number;
  readonly maxSessionNote?: string;
  readonly trustPolicySize?: number;
  readonly otherPrincipals: string[];
  readonly source: SourceLocation;
  readonly unparsed: FragmentDocument[];
  readonly findings: FindingDocument[];
}

/** One way in; no conditions means every token of the issuer with an admitted audience. */
export interface RuleDocument {
  readonly conditions: ConditionDocument[];
  /** Whether every part was understood (false: see the entry's fragments with this rule's index). */
  readonly exact: boolean;
  readonly source: SourceLocation;
}

/** One claim condition of a rule. */
export interface ConditionDocument {
  readonly claim: string;
  /** `equals` or `like`. */
  readonly operator: string;
  readonly values: string[];
}

/** A lint finding (`ReviewFinding`) with the file relative to the working directory. */
export interface FindingDocument {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly message: string;
  readonly fix: string;
  readonly file: string;
  readonly jsonPath: string;
  readonly ruleIndex?: number;
  readonly claim?: string;
}

/** A part of a trust the review could not read back (`UnparsedFragment`). */
export interface FragmentDocument {
  readonly kind: string;
  readonly raw: string;
  readonly reason: string;
  readonly source: SourceLocation;
  readonly ruleIndex?: number;
}

/** How files are named in output. */
export interface PathOptions {
  /** The directory file names are shown relative to (absolute). */
  readonly cwd: string;
}

/**
 * The report as a {@link ReportDocument}: sorted, with file names relative to `options.cwd`.
 */
export function reportDocument(report: TrustReport, options: PathOptions): ReportDocument {
  const rel = (file: string) => relativeFile(file, options.cwd);
  const loc = (s: SourceLocation): SourceLocation => ({ file: rel(s.file), jsonPath: s.jsonPath });
  const finding = (f: ReviewFinding): FindingDocument => ({
    id: f.id,
    severity: f.severity,
    title: f.title,
    message: f.message,
    fix: f.fix,
    file: rel(f.file),
    jsonPath: f.jsonPath,
    ruleIndex: f.ruleIndex,
    claim: f.claim,
  });
  const fragment = (f: UnparsedFragment): FragmentDocument => ({
    kind: f.kind, raw: f.raw, reason: f.reason, source: loc(f.source), ruleIndex: f.ruleIndex,
  });

  const entries = report.entries.map((e: TrustEntry): EntryDocument => ({
    cloud: e.cloud,
    identity: {
      kind: e.identity.kind,
      name: e.identity.name,
      address: e.identity.address,
      roleName: e.identity.roleName,
      arn: e.identity.arn,
      serviceAccount: e.identity.serviceAccount,
      project: e.identity.project,
      role: e.identity.role,
      member: e.identity.member,
    },
    federated: e.federated,
    principal: e.principal,
    issuerUrl: e.issuerUrl,
    provider: e.provider ? {
      address: e.provider.address,
      issuerUrl: e.provider.issuerUrl,
      clientIds: e.provider.clientIds ? sorted(e.provider.clientIds) : undefined,
      poolId: e.provider.poolId,
      providerId: e.provider.providerId,
      hasAttributeCondition: e.provider.hasAttributeCondition,
      source: e.provider.source ? loc(e.provider.source) : undefined,
    } : undefined,
    audiences: sorted(e.audiences),
    admitsTargetDefaultAudience: e.admitsTargetDefaultAudience,
    checksAudience: e.checksAudience,
    rules: e.rules.map((r) => ({
      conditions: r.rule?.conditions.map((c) => ({ claim: c.claim, operator: c.operator, values: [...c.values] })) ?? [],
      exact: r.exact,
      source: loc(r.source),
    })),
    maxSessionSeconds: e.maxSessionSeconds,
    maxSessionNote: e.maxSessionNote,
    trustPolicySize: e.trustPolicySize,
    otherPrincipals: sorted(e.otherPrincipals),
    source: loc(e.source),
    unparsed: sortFragments(e.unparsed.map(fragment)),
    findings: sortFindings(e.findings.map(finding)),
  })).sort(compareEntries);

  const inEntries = new Set(report.entries.flatMap((e) => e.findings.map(findingKey)));
  const findings = sortFindings(report.findings.filter((f) => !inEntries.has(findingKey(f))).map(finding));
  const all = report.findings;
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  return {
    version: REPORT_FORMAT_VERSION,
    files: sorted(report.files.map(rel)),
    summary: {
      identities: entries.length,
      federated: entries.filter((e) => e.federated).length,
      findings: { error: count(Severity.ERROR), warning: count(Severity.WARNING), info: count(Severity.INFO) },
      unparsed: report.unparsed.length + report.entries.reduce((n, e) => n + e.unparsed.length, 0),
    },
    entries,
    findings,
    unparsed: sortFragments(report.unparsed.map(fragment)),
  };
}

/** Every finding of the document: the entries' (each once) and those outside any entry. */
export function allFindings(doc: ReportDocument): FindingDocument[] {
  const seen = new Set<string>();
  const out: FindingDocument[] = [];
  for (const f of [...doc.entries.flatMap((e) => e.findings), ...doc.findings]) {
    const k = findingKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}

/** The file name as shown: relative to `cwd` with `/`, or absolute when on another root. */
export function relativeFile(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  if (path.isAbsolute(rel)) return abs.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/** Orders findings: file, JSON path, ID, rule, message. */
export function compareFindings(a: FindingDocument, b: FindingDocument): number {
  return compareText(a.file, b.file) || compareText(a.jsonPath, b.jsonPath) || compareText(a.id, b.id)
    || (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1) || compareText(a.message, b.message);
}

function compareEntries(a: EntryDocument, b: EntryDocument): number {
  return compareText(a.source.file, b.source.file) || compareText(a.identity.name, b.identity.name) || compareText(a.identity.role ?? '', b.identity.role ?? '')
    || compareText(a.identity.address, b.identity.address) || compareText(a.principal, b.principal)
    || compareText(a.source.jsonPath, b.source.jsonPath);
}

function sortFindings(list: FindingDocument[]): FindingDocument[] {
  return list.sort(compareFindings);
}

function sortFragments(list: FragmentDocument[]): FragmentDocument[] {
  return list.sort((a, b) => (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1) || compareText(a.source.file, b.source.file)
    || compareText(a.source.jsonPath, b.source.jsonPath) || compareText(a.kind, b.kind) || compareText(a.raw, b.raw));
}

function findingKey(f: { id: string; file: string; jsonPath: string; ruleIndex?: number; message: string }): string {
  return JSON.stringify([f.id, f.file, f.jsonPath, f.ruleIndex ?? null, f.message]);
}

function sorted(list: string[]): string[] {
  return [...new Set(list)].sort(compareText);
}
