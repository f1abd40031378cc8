import { createHash } from 'crypto';
import { LintRuleInfo } from '../../core/lint/lint-rule';
import { LintRules } from '../../core/lint/registry';
import { ReviewRules } from '../rules/registry';
import { TrustReport } from '../trust-report';
import { BaselineDiff } from './baseline';
import { kindText } from './labels';
import { FindingDocument, reportDocument } from './report-document';

/** The schema URI written into the log (the OASIS SARIF 2.1.0 schema, errata 01). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The key of this tool's fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'workloadTrustFinding/v1';

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** The directory file names are made relative to (absolute): artifact URIs are relative to it. */
  readonly cwd: string;
  /** The tool version, for `tool.driver.version`. */
  readonly toolVersion: string;
  /** Where to learn about the tool, for `tool.driver.informationUri`. */
  readonly informationUri: string;
  /**
   * The 1-based line of a JSON path in a file (named relative to `cwd`, with `/`), when it can
   * be found; results without one point at line 1.
   * @default - every result points at line 1
   */
  readonly lineOf?: (file: string, jsonPath: string) => number | undefined;
  /**
   * The comparison with a baseline, kept in `runs[0].properties.baseline`.
   * @default - none
   */
  readonly baseline?: BaselineDiff;
}

const LEVELS: { [severity: string]: string } = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security alerts by this score: high, medium, low. */
const SECURITY_SEVERITY: { [severity: string]: string } = { error: '8.0', warning: '5.0', info: '2.0' };

/**
 * `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts. `tool.driver.rules` lists
 * every rule of the core lint (`WT1xx`) and of the review (`WT2xx`) with its descriptions, fix and
 * default level; each finding of each identity is one result with its level (error, warning,
 * note), message, the file relative to the working directory (best-effort line of the JSON path)
 * and the JSON path as a logical location, and a fingerprint stable per rule, identity and JSON
 * path. A finding about a provider shared by several identities is one result per identity.
 */
export function formatSarif(report: TrustReport, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
}

/** The SARIF log as data (see {@link formatSarif}). */
export function sarifLog(report: TrustReport, options: SarifOptions): any {
  const doc = reportDocument(report, options);
  const rules: LintRuleInfo[] = [...LintRules.all(), ...ReviewRules.all()];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: any[] = [];
  const seen = new Set<string>();
  const add = (f: FindingDocument, identity: string, identityKey: string) => {
    const key = JSON.stringify([f.id, identityKey, f.file, f.jsonPath, f.ruleIndex ?? null, f.message]);
    if (seen.has(key)) return;
    seen.add(key);
    const line = options.lineOf?.(f.file, f.jsonPath) ?? 1;
    results.push({
      ruleId: f.id,
      ...(ruleIndex.has(f.id) ? { ruleIndex: ruleIndex.get(f.id) } : {}),
      level: LEVELS[f.severity] ?? 'warning',
      message: { text: identity ? `${f.message} (${identity})` : f.message },
      locations: [{
        physicalLocation: { artifactLocation: { uri: artifactUri(f.file) }, region: { startLine: Math.max(1, line) } },
        logicalLocations: [{ fullyQualifiedName: f.jsonPath }],
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.id, identityKey, f.file, f.jsonPath, f.ruleIndex) },
      properties: {
        fix: f.fix,
        ...(identity ? { identity } : {}),
        ...(f.ruleIndex !== undefined ? { rule: f.ruleIndex + 1 } : {}),
        ...(f.claim ? { claim: f.claim } : {}),
      },
    });
  };
  for (const e of doc.entries) {
    const identity = `${kindText(e.identity.kind)} ${e.identity.name}${e.identity.role && e.identity.kind === 'google-service-account' ? ` (${e.identity.role})` : ''}`;
    for (const f of e.findings) add(f, identity, JSON.stringify([e.cloud, e.identity.kind, e.source.file, e.identity.name, e.identity.role ?? null]));
  }
  for (const f of doc.findings) add(f, '', '');

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'workload-trust',
          version: options.toolVersion,
          ...(/^\d+\.\d+\.\d+/.test(options.toolVersion) ? { semanticVersion: options.toolVersion } : {}),
          informationUri: options.informationUri,
          rules: rules.map((r) => ({
            id: r.id,
            name: friendlyName(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            help: { text: `${r.explanation} Fix: ${r.fix}`, markdown: `${r.explanation}\n\n**Fix:** ${r.fix}` },
            defaultConfiguration: { level: LEVELS[r.severity] ?? 'warning' },
            properties: { 'tags': ['security', 'workload-identity-federation'], 'precision': 'very-high', 'security-severity': SECURITY_SEVERITY[r.severity] ?? '5.0' },
          })),
        },
      },
      columnKind: 'unicodeCodePoints',
      results,
      ...(options.baseline ? { properties: { baseline: options.baseline } } : {}),
    }],
  };
}

/** A rule's friendly name, one Pascal-case identifier from its title: `No audience check` → `NoAudienceCheck`. */
export function friendlyName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter((w) => w).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * The artifact URI of a file named relative to the working directory: each path segment
 * percent-encoded (so `#`, `?`, `%` and spaces stay part of the name); an absolute name (on
 * another root) becomes a `file:` URI.
 */
export function artifactUri(file: string): string {
  const absolute = file.startsWith('/') || /^[A-Za-z]:\//.test(file);
  const encoded = file.split('/').map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s))).join('/');
  return absolute ? `file://${file.startsWith('/') ? '' : '/'}${encoded}` : encoded;
}

/**
 * A fingerprint stable per rule ID, identity (cloud, kind, file, name, Google IAM role) and JSON
 * path, plus the rule the finding is about.
 */
function fingerprint(id: string, identityKey: string, file: string, jsonPath: string, ruleIndex: number | undefined): string {
  return createHash('sha256').update(JSON.stringify([id, identityKey, file, jsonPath, ruleIndex ?? null])).digest('hex');
}
