import { ClaimCondition } from '../../core/claim-condition';
import { TrustReport } from '../trust-report';
import { BaselineDiff } from './baseline';
import { cliError, CliErrorCode } from './errors';
import { globFromText } from './glob-containment';
import { REPORT_FORMAT_VERSION, reportDocument, ReportDocument } from './report-document';

/** Options of {@link formatJson}. */
export interface JsonOptions {
  /** The directory file names are shown relative to (absolute). */
  readonly cwd: string;
  /**
   * The comparison with a baseline, added as the `baseline` member.
   * @default - none
   */
  readonly baseline?: BaselineDiff;
}

/**
 * `--format json`: the report as a {@link ReportDocument} (format version 1), pretty-printed, in
 * a stable order; the same input always gives the same text. With a baseline, the comparison is
 * the `baseline` member (a reader of the report as a baseline ignores it).
 */
export function formatJson(report: TrustReport, options: JsonOptions): string {
  const doc: ReportDocument & { baseline?: BaselineDiff } = { ...reportDocument(report, options), baseline: options.baseline };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads a JSON report (`--format json` output) back, for `--baseline`. Checks the version and
 * every member the comparison reads.
 *
 * @param text the file's text
 * @param file the file name, for messages
 * @throws TrustError (`ReviewInvalidBaseline`) naming the file and what is wrong
 */
export function parseReportDocument(text: string, file: string): ReportDocument {
  const fix = `give a report written by \`workload-trust review --format json\` (format version ${REPORT_FORMAT_VERSION}), e.g. from the main branch.`;
  const fail = (problem: string) => cliError(CliErrorCode.INVALID_BASELINE, `The baseline ${file} ${problem}.`, fix);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fail(`is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw fail('is not a JSON report: it is not an object');
  if (doc.version === undefined || !Array.isArray(doc.entries)) {
    throw fail(`is not a workload-trust JSON report: it has no ${doc.version === undefined ? 'version' : 'entries list'}`);
  }
  if (doc.version !== REPORT_FORMAT_VERSION) {
    throw fail(`has format version ${JSON.stringify(doc.version)}; this workload-trust reads version ${REPORT_FORMAT_VERSION}`);
  }
  const check = (ok: boolean, where: string, what: string) => {
    if (!ok) throw fail(`is not a valid report: ${where} ${what}`);
  };
  check(Array.isArray(doc.entries), 'entries', 'is not a list');
  (doc.entries as unknown[]).forEach((e, i) => {
    const at = `entries[${i}]`;
    check(isObject(e), at, 'is not an object');
    const entry = e as { [k: string]: any };
    check(typeof entry.cloud === 'string', `${at}.cloud`, 'is not a string');
    check(isObject(entry.identity) && ['kind', 'name', 'address'].every((k) => typeof entry.identity[k] === 'string'), `${at}.identity`, 'lacks kind, name or address');
    check(entry.identity.role === undefined || typeof entry.identity.role === 'string', `${at}.identity.role`, 'is not a string');
    check(typeof entry.federated === 'boolean', `${at}.federated`, 'is not a boolean');
    check(typeof entry.principal === 'string', `${at}.principal`, 'is not a string');
    check(entry.issuerUrl === undefined || typeof entry.issuerUrl === 'string', `${at}.issuerUrl`, 'is not a string');
    check(isStrings(entry.audiences), `${at}.audiences`, 'is not a list of strings');
    check(typeof entry.admitsTargetDefaultAudience === 'boolean', `${at}.admitsTargetDefaultAudience`, 'is not a boolean');
    check(typeof entry.checksAudience === 'boolean', `${at}.checksAudience`, 'is not a boolean');
    check(entry.provider === undefined || (isObject(entry.provider) && (entry.provider.clientIds === undefined || isStrings(entry.provider.clientIds))), `${at}.provider`, 'is not a provider');
    check(entry.maxSessionSeconds === undefined || (typeof entry.maxSessionSeconds === 'number' && Number.isFinite(entry.maxSessionSeconds)), `${at}.maxSessionSeconds`, 'is not a number');
    check(entry.maxSessionNote === undefined || typeof entry.maxSessionNote === 'string', `${at}.maxSessionNote`, 'is not a string');
    check(isObject(entry.source) && typeof entry.source.file === 'string' && typeof entry.source.jsonPath === 'string', `${at}.source`, 'lacks file or jsonPath');
    check(Array.isArray(entry.rules), `${at}.rules`, 'is not a list');
    (entry.rules as unknown[]).forEach((r, j) => {
      const rat = `${at}.rules[${j}]`;
      check(isObject(r) && Array.isArray(r.conditions) && typeof r.exact === 'boolean', rat, 'lacks conditions or exact');
      ((r as any).conditions as unknown[]).forEach((c, k) => {
        const cat = `${rat}.conditions[${k}]`;
        check(isObject(c) && typeof c.claim === 'string' && (c.operator === 'equals' || c.operator === 'like') && isStrings(c.values) && (c.values as string[]).length > 0,
          cat, 'is not a condition (claim, operator equals or like, values)');
        const cond = c as { claim: string; operator: string; values: string[] };
        try {
          if (cond.operator === 'equals') ClaimCondition.equalTo(cond.claim, ...cond.values);
          else ClaimCondition.likeGlob(cond.claim, ...cond.values.map(globFromText));
        } catch (err) {
          check(false, cat, `is not a valid condition (${(err as Error).message.split(' Fix:')[0]})`);
        }
      });
    });
    for (const list of ['unparsed', 'findings']) {
      check(Array.isArray(entry[list]), `${at}.${list}`, 'is not a list');
    }
    check(isStrings(entry.otherPrincipals), `${at}.otherPrincipals`, 'is not a list of strings');
    (entry.unparsed as unknown[]).forEach((f, j) => {
      check(isObject(f) && typeof f.kind === 'string' && typeof f.raw === 'string' && (f.ruleIndex === undefined || typeof f.ruleIndex === 'number'), `${at}.unparsed[${j}]`, 'is not a fragment (kind, raw, ruleIndex)');
    });
  });
  for (const list of ['files', 'findings', 'unparsed']) {
    check(Array.isArray(doc[list]), list, 'is not a list');
  }
  return doc as unknown as ReportDocument;
}

function isObject(v: unknown): v is { [k: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
