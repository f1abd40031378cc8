import { TrustReport } from '../trust-report';
import { BaselineDiff, changeLabel, IdentityChange } from './baseline';
import { audienceTexts, cloudText, identityLabel, kindText, maxSessionText, ruleText } from './labels';
import { EntryDocument, FindingDocument, FragmentDocument, reportDocument, ReportDocument } from './report-document';

/** Options of {@link formatText}. */
export interface TextOptions {
  /** The directory file names are shown relative to (absolute). */
  readonly cwd: string;
  /**
   * Whether to colour the output with ANSI escapes (the CLI does on a terminal, unless `NO_COLOR` is set).
   * @default false
   */
  readonly color?: boolean;
  /**
   * The comparison with a baseline, printed after the identities.
   * @default - none
   */
  readonly baseline?: BaselineDiff;
}

type Paint = (s: string) => string;
interface Palette { bold: Paint; dim: Paint; red: Paint; yellow: Paint; cyan: Paint; green: Paint }

const PLAIN: Palette = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, green: (s) => s };
const ansi = (open: number, close: number): Paint => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLOR: Palette = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39), green: ansi(32, 39) };

/** Width of the label column. */
const LABEL = 13;

/**
 * `--format text`: the report for a terminal. Per identity: cloud, identity, issuer, audiences,
 * rules (one line each), maximum session, findings (ID, severity, message, fix) and unparsed
 * fragments with their raw text; then the baseline comparison and a summary line. Every value
 * from the input is shown with control and bidirectional-override characters escaped, so a
 * template cannot move the cursor or recolour the terminal.
 */
export function formatText(report: TrustReport, options: TextOptions): string {
  const doc = reportDocument(report, options);
  const p = options.color ? COLOR : PLAIN;
  const out: string[] = [];
  const federated = doc.entries.filter((e) => e.federated);
  const others = doc.entries.filter((e) => !e.federated);

  for (const e of federated) out.push(...entryLines(e, p), '');
  if (others.length > 0) {
    out.push(p.bold('Identities without web identity trust (other principals only, for context)'));
    for (const e of others) {
      out.push(`  ${clean(identityLabel(e.identity.kind, e.identity.name, e.identity.role, e.source.file))}: ${clean(e.otherPrincipals.join('; ') || e.principal)}`);
      out.push(...findingLines(e.findings, p, '    '));
    }
    out.push('');
  }
  if (doc.findings.length > 0 || doc.unparsed.length > 0) {
    out.push(p.bold('Outside any identity'));
    out.push(...findingLines(doc.findings, p, '  '));
    out.push(...fragmentLines(doc.unparsed, p, '  '));
    out.push('');
  }
  if (options.baseline) out.push(...baselineLines(options.baseline, p), '');
  out.push(summaryLine(doc, options.baseline, p));
  return `${out.join('\n')}\n`;
}

function entryLines(e: EntryDocument, p: Palette): string[] {
  const out: string[] = [];
  const field = (label: string, values: string[]) => {
    values.forEach((v, i) => out.push(`  ${(i === 0 ? label : '').padEnd(LABEL)}${v}`));
  };
  out.push(`${p.bold(clean(`${kindText(e.identity.kind)} ${e.identity.name}`))}  ${p.dim(clean(`${e.source.file} ${e.source.jsonPath}`))}`);
  field('cloud', [cloudText(e.cloud)]);
  field('identity', [clean(identityDetails(e))]);
  field('issuer', [clean(`${e.issuerUrl ?? 'unknown'} (through ${e.principal})`)]);
  const audiences = audienceTexts(e).map((a) => clean(a));
  field('audiences', audiences.length > 0 ? audiences : ['none: no token gets in']);
  field('rules', e.rules.length === 0 ? ['none: no token gets in'] : e.rules.map((r, i) => `${i + 1}. ${clean(ruleText(r))}${r.exact ? '' : p.yellow(' (not fully understood: see unparsed)')}`));
  field('max session', [clean(maxSessionText(e))]);
  if (e.otherPrincipals.length > 0) field('also trusts', e.otherPrincipals.map((o) => clean(o)));
  if (e.findings.length > 0) {
    out.push(`  ${'findings'.padEnd(LABEL)}`.trimEnd());
    out.push(...findingLines(e.findings, p, '    '));
  }
  if (e.unparsed.length > 0) {
    out.push(`  ${'unparsed'.padEnd(LABEL)}`.trimEnd());
    out.push(...fragmentLines(e.unparsed, p, '    '));
  }
  return out;
}

function identityDetails(e: EntryDocument): string {
  const id = e.identity;
  const parts = [`${kindText(id.kind)} ${id.name}`];
  if (id.address !== id.name) parts.push(`at ${id.address}`);
  if (id.arn) parts.push(id.arn);
  if (id.role && id.kind === 'google-service-account') parts.push(`role ${id.role}`);
  if (id.member) parts.push(`member ${id.member}`);
  return parts.join(', ');
}

function severityPaint(severity: string, p: Palette): Paint {
  return severity === 'error' ? p.red : severity === 'warning' ? p.yellow : p.cyan;
}

function findingLines(findings: FindingDocument[], p: Palette, indent: string): string[] {
  return findings.flatMap((f) => [
    `${indent}${severityPaint(f.severity, p)(`${f.id} ${f.severity}`)} ${clean(f.message)}`,
    `${indent}  ${p.dim('fix:')} ${clean(f.fix)}`,
    `${indent}  ${p.dim(`at ${clean(f.file)} ${clean(f.jsonPath)}`)}`,
  ]);
}

function fragmentLines(fragments: FragmentDocument[], p: Palette, indent: string): string[] {
  return fragments.flatMap((f) => {
    const raw = clean(f.raw, true).split('\n');
    return [
      `${indent}${p.yellow(f.kind)}${f.ruleIndex === undefined ? '' : ` (rule ${f.ruleIndex + 1})`}: ${raw[0]}`,
      ...raw.slice(1).map((l) => `${indent}  ${l}`),
      `${indent}  ${clean(f.reason)}`,
      `${indent}  ${p.dim(`at ${clean(f.source.file)} ${clean(f.source.jsonPath)}`)}`,
    ];
  });
}

function baselineLines(diff: BaselineDiff, p: Palette): string[] {
  const out = [p.bold(clean(`Since the baseline ${diff.baseline}`))];
  const group = (label: string, changes: IdentityChange[], paint: Paint) => {
    for (const c of changes) {
      out.push(`  ${paint(label.padEnd(9))}${clean(changeLabel(c))}`);
      out.push(...c.reasons.map((r) => `  ${' '.repeat(9)}- ${clean(r)}`));
    }
  };
  group('widened', diff.widened, p.red);
  group('new', diff.newIdentities, (s) => (diff.newIdentities.some((c) => c.federated) ? p.red(s) : s));
  group('narrowed', diff.narrowed, p.green);
  group('removed', diff.removedIdentities, p.green);
  const count = diff.widened.length + diff.newIdentities.length + diff.narrowed.length + diff.removedIdentities.length;
  if (count === 0) out.push('  no identity changed its trust');
  return out;
}

function summaryLine(doc: ReportDocument, diff: BaselineDiff | undefined, p: Palette): string {
  const s = doc.summary;
  const parts = [
    `${s.identities} ${s.identities === 1 ? 'identity' : 'identities'} (${s.federated} with web identity trust) in ${doc.files.length} ${doc.files.length === 1 ? 'file' : 'files'}`,
    s.findings.error > 0 ? p.red(`${s.findings.error} ${s.findings.error === 1 ? 'error' : 'errors'}`) : '0 errors',
    s.findings.warning > 0 ? p.yellow(`${s.findings.warning} ${s.findings.warning === 1 ? 'warning' : 'warnings'}`) : '0 warnings',
    `${s.findings.info} info`,
    `${s.unparsed} unparsed ${s.unparsed === 1 ? 'fragment' : 'fragments'}`,
  ];
  if (diff) parts.push(diff.trustWidened ? p.red('trust widened since the baseline') : 'no trust widened since the baseline');
  return `Summary: ${parts.join(', ')}`;
}

/**
 * Text from the input made safe for a terminal: C0 and C1 control characters (ESC, CSI, carriage
 * return, ...), DEL and bidirectional overrides are written as `\u{…}`. Newlines are kept only
 * when `keepNewlines` is set (raw fragments keep their line structure), else written `\n`.
 */
export function clean(text: string, keepNewlines: boolean = false): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return keepNewlines ? '\n' : '\\n';
    if (c === '\t') return '\t';
    return `\\u{${c.codePointAt(0)!.toString(16)}}`;
  });
}
