import { TrustReport } from '../trust-report';
import { BaselineDiff, IdentityChange } from './baseline';
import { audienceTexts, cloudText, identityLabel, kindText, sessionText, ruleText } from './labels';
import { allFindings, EntryDocument, reportDocument } from './report-document';

/** Options of {@link formatMarkdown}. */
export interface MarkdownOptions {
  /** The directory file names are shown relative to (absolute). */
  readonly cwd: string;
  /**
   * The comparison with a baseline, as a section after the summary.
   * @default - none
   */
  readonly baseline?: BaselineDiff;
  /**
   * The most identities drawn in the Mermaid diagram; larger reports get the tables only (GitHub
   * refuses to render very large diagrams).
   * @default 60
   */
  readonly maxDiagramIdentities?: number;
}

/**
 * `--format markdown`: the report for a pull-request comment. A summary table (one row per
 * identity with web identity trust), a Mermaid `graph LR` from issuer to rule to identity, the
 * baseline comparison, findings and unparsed fragments. Values from the input are in code spans or
 * escaped (Markdown punctuation, table pipes, newlines; Mermaid labels as `#NN;` entity codes), so
 * a template cannot inject Markdown, HTML or diagram syntax.
 */
export function formatMarkdown(report: TrustReport, options: MarkdownOptions): string {
  const doc = reportDocument(report, options);
  const federated = doc.entries.filter((e) => e.federated);
  const s = doc.summary;
  const out: string[] = ['## workload-trust review', ''];
  const counts = [
    `**${s.identities}** ${s.identities === 1 ? 'identity' : 'identities'} (${s.federated} with web identity trust) in ${doc.files.length} ${doc.files.length === 1 ? 'file' : 'files'}`,
    `**${s.findings.error}** ${s.findings.error === 1 ? 'error' : 'errors'}`,
    `**${s.findings.warning}** ${s.findings.warning === 1 ? 'warning' : 'warnings'}`,
    `${s.findings.info} info`,
    `${s.unparsed} unparsed ${s.unparsed === 1 ? 'fragment' : 'fragments'}`,
  ];
  if (options.baseline) counts.push(options.baseline.trustWidened ? '**trust widened since the baseline**' : 'no trust widened since the baseline');
  out.push(counts.join(' · '), '');

  if (federated.length > 0) {
    out.push('| Identity | Cloud | Issuer | Audiences | Ways in | Max session | Findings |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const e of federated) {
      const errors = e.findings.filter((f) => f.severity === 'error').length;
      const warnings = e.findings.filter((f) => f.severity === 'warning').length;
      const rules = e.rules.map((r, i) => `${i + 1}. ${code(ruleText(r))}${r.exact ? '' : ' (not fully understood)'}`);
      out.push(`| ${code(e.identity.name)} ${text(kindText(e.identity.kind))}<br>${code(e.source.file)} | ${cloudText(e.cloud)} | ${code(e.issuerUrl ?? `unknown (${e.principal})`)} | ${audienceTexts(e).map((a) => code(a)).join('<br>') || 'none'} | ${rules.join('<br>') || 'none'} | ${text(sessionText(e.maxSessionSeconds))} | ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} |`);
    }
    out.push('');
    out.push(...diagram(federated, options.maxDiagramIdentities ?? 60), '');
  }

  if (options.baseline) out.push(...baselineSection(options.baseline), '');

  const findings = allFindings(doc);
  if (findings.length > 0) {
    const owners = new Map<string, string[]>();
    for (const e of doc.entries) {
      for (const f of e.findings) {
        const k = JSON.stringify([f.id, f.file, f.jsonPath, f.ruleIndex ?? null, f.message]);
        owners.set(k, [...(owners.get(k) ?? []), e.identity.name]);
      }
    }
    out.push('### Findings', '', '| Severity | ID | Identity | Finding | Fix | Where |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of findings) {
      const who = owners.get(JSON.stringify([f.id, f.file, f.jsonPath, f.ruleIndex ?? null, f.message])) ?? [];
      out.push(`| ${f.severity} | ${f.id} | ${[...new Set(who)].map((w) => code(w)).join('<br>') || '—'} | ${text(f.message)} | ${text(f.fix)} | ${code(f.file)}<br>${code(f.jsonPath)} |`);
    }
    out.push('');
  }

  const fragments = [...doc.entries.flatMap((e) => e.unparsed.map((f) => ({ who: e.identity.name, f }))), ...doc.unparsed.map((f) => ({ who: '', f }))];
  if (fragments.length > 0) {
    out.push('### Not understood', '', '| Identity | Kind | Raw | Why it matters |', '| --- | --- | --- | --- |');
    for (const { who, f } of fragments) {
      out.push(`| ${who ? code(who) : '—'} | ${f.kind}${f.ruleIndex === undefined ? '' : ` (rule ${f.ruleIndex + 1})`} | ${code(f.raw)} | ${text(f.reason)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function diagram(entries: EntryDocument[], max: number): string[] {
  if (entries.length > max) return [`_The diagram is left out: ${entries.length} identities with web identity trust, more than ${max}._`];
  const lines = ['```mermaid', 'graph LR'];
  const issuers = new Map<string, string>();
  entries.forEach((e, i) => {
    const issuer = e.issuerUrl ?? `unknown issuer (${e.principal})`;
    let issuerId = issuers.get(issuer);
    if (!issuerId) {
      issuerId = `iss${issuers.size}`;
      issuers.set(issuer, issuerId);
      lines.push(`  ${issuerId}(["${mermaidLabel(issuer)}"])`);
    }
    const identityId = `id${i}`;
    lines.push(`  ${identityId}["${mermaidLabel(`${kindText(e.identity.kind)} ${e.identity.name}`)}"]`);
    if (e.rules.length === 0) lines.push(`  ${issuerId} -. no way in .- ${identityId}`);
    e.rules.forEach((r, j) => {
      const ruleId = `r${i}_${j}`;
      lines.push(`  ${ruleId}["${mermaidLabel(`${r.conditions.length === 0 ? 'any token (no claim condition)' : ruleText(r)}${r.exact ? '' : ' (not fully understood)'}`)}"]`);
      lines.push(`  ${issuerId} --> ${ruleId} --> ${identityId}`);
    });
  });
  lines.push('```');
  return lines;
}

function baselineSection(diff: BaselineDiff): string[] {
  const out = [`### Since the baseline ${code(diff.baseline)}`, ''];
  const rows: string[] = [];
  const add = (label: string, changes: IdentityChange[]) => {
    for (const c of changes) rows.push(`| ${label} | ${code(identityLabel(c.kind, c.name, c.role, c.file))} | ${c.reasons.map(text).join('<br>')} |`);
  };
  add('**widened**', diff.widened);
  add(diff.newIdentities.some((c) => c.federated) ? '**new**' : 'new', diff.newIdentities);
  add('narrowed', diff.narrowed);
  add('removed', diff.removedIdentities);
  if (rows.length === 0) return [...out, 'No identity changed its trust.'];
  return [...out, '| Change | Identity | Why |', '| --- | --- | --- |', ...rows];
}

/**
 * Text for a Markdown table cell: ASCII punctuation that Markdown, GitHub (mentions, emoji, math)
 * or HTML give a meaning is backslash-escaped, and newlines become `<br>`.
 */
export function text(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#|!~&@$^:]/g, (c) => `\\${c}`).replace(/\r?\n/g, '<br>');
}

/**
 * A code span safe in a table cell: the fence is longer than any run of backticks inside, pipes
 * are escaped (GitHub tables split on them even in code), newlines become spaces.
 */
export function code(s: string): string {
  const flat = s.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A Mermaid node label (inside `["…"]`): letters, digits, spaces and `._:/,=-` as they are,
 * every other character as a `#code;` entity, so quotes, brackets, pipes, newlines, `<`, `#` and
 * backticks cannot end the label or the fence.
 */
export function mermaidLabel(s: string): string {
  return Array.from(s, (c) => (/^[A-Za-z0-9 ._:/,=-]$/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}
