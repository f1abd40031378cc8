import { ReviewFinding } from './review-finding';
import { TrustEntry } from './trust-entry';
import { UnparsedFragment } from './unparsed-fragment';
import { Severity } from '../core/lint/finding';

/** What a {@link TrustReport} holds besides its entries. */
export interface TrustReportProps {
  /**
   * The files reviewed.
   * @default []
   */
  readonly files?: string[];
  /**
   * Findings that belong to no entry (e.g. a Google provider nothing is granted through).
   * @default []
   */
  readonly findings?: ReviewFinding[];
  /**
   * Unparsed parts that belong to no entry.
   * @default []
   */
  readonly unparsed?: UnparsedFragment[];
}

const SEVERITY_RANK: { [s: string]: number } = { [Severity.INFO]: 0, [Severity.WARNING]: 1, [Severity.ERROR]: 2 };

/**
 * The normalized answer to "who can become what, for how long" for a set of synthesized
 * templates: one {@link TrustEntry} per identity and provider, with lint findings.
 *
 * @example
 * declare const template: any;
 * const report = review.TrustReview.cloudFormation(template, 'cdk.out/App.template.json');
 * for (const entry of report.entries) console.log(entry.identity.name, entry.rules.length);
 */
export class TrustReport {
  /** A report of these entries. */
  public static of(entries: TrustEntry[], props: TrustReportProps = {}): TrustReport {
    return new TrustReport(entries, props);
  }

  /** The reports one after the other, as one report. */
  public static merge(reports: TrustReport[]): TrustReport {
    return new TrustReport(reports.flatMap((r) => r.entries), {
      files: reports.flatMap((r) => r.files),
      findings: reports.flatMap((r) => r.reportFindings),
      unparsed: reports.flatMap((r) => r.unparsed),
    });
  }

  /** The entries, in input order. */
  public readonly entries: TrustEntry[];
  /** The files reviewed, in review order. */
  public readonly files: string[];
  /** Unparsed parts that belong to no entry (each entry lists its own). */
  public readonly unparsed: UnparsedFragment[];
  private readonly reportFindings: ReviewFinding[];

  private constructor(entries: TrustEntry[], props: TrustReportProps) {
    this.entries = [...entries];
    this.files = [...new Set(props.files ?? [])];
    this.reportFindings = [...(props.findings ?? [])];
    this.unparsed = [...(props.unparsed ?? [])];
  }

  /**
   * Every finding: the entries' and those that belong to no entry, each once (two entries through
   * one provider share its findings).
   */
  public get findings(): ReviewFinding[] {
    const seen = new Set<string>();
    const out: ReviewFinding[] = [];
    for (const f of [...this.entries.flatMap((e) => e.findings), ...this.reportFindings]) {
      const key = JSON.stringify([f.id, f.file, f.jsonPath, f.ruleIndex ?? null, f.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
    return out;
  }

  /** The findings of at least this severity (`INFO` < `WARNING` < `ERROR`). */
  public findingsAtLeast(severity: Severity): ReviewFinding[] {
    const min = SEVERITY_RANK[severity];
    return this.findings.filter((f) => SEVERITY_RANK[f.severity] >= min);
  }

  /**
   * The report as plain JSON data in a stable shape: rules as conditions with claim, operator and
   * values, fragments and findings with their locations. For machine output and baselines.
   */
  public toJson(): any {
    return {
      files: this.files,
      entries: this.entries.map(entryJson),
      findings: this.findings,
      unparsed: this.unparsed,
    };
  }
}

function entryJson(e: TrustEntry): any {
  return {
    cloud: e.cloud,
    identity: e.identity,
    federated: e.federated,
    principal: e.principal,
    issuerUrl: e.issuerUrl,
    provider: e.provider,
    audiences: e.audiences,
    admitsTargetDefaultAudience: e.admitsTargetDefaultAudience,
    checksAudience: e.checksAudience,
    rules: e.rules.map((r) => ({
      conditions: r.rule?.conditions.map((c) => ({ claim: c.claim, operator: c.operator, values: c.values })) ?? [],
      exact: r.exact,
      source: r.source,
    })),
    maxSessionSeconds: e.maxSessionSeconds,
    maxSessionNote: e.maxSessionNote,
    trustPolicySize: e.trustPolicySize,
    otherPrincipals: e.otherPrincipals,
    source: e.source,
    unparsed: e.unparsed,
    findings: e.findings,
  };
}
