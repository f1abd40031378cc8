import * as path from 'path';
import { FOREIGN, fixtureReport, ROOT } from './support';
import { review, TrustErrors } from '../../../src';
import { CliErrorCode } from '../../../src/review/cli/errors';
import { globFromText } from '../../../src/review/cli/glob-containment';
import { formatJson, parseReportDocument } from '../../../src/review/cli/json';
import { REPORT_FORMAT_VERSION } from '../../../src/review/cli/report-document';
import { errorOf } from '../../support/assertions';

describe('formatJson', () => {
  test('format version 1: files, summary, entries, findings and fragments outside entries, file names relative to the working directory', () => {
    const report = fixtureReport();
    const doc = JSON.parse(formatJson(report, { cwd: ROOT }));
    expect(Object.keys(doc)).toEqual(['version', 'files', 'summary', 'entries', 'findings', 'unparsed']);
    expect(doc.version).toBe(REPORT_FORMAT_VERSION);
    expect(doc.files).toEqual(FOREIGN.map((f) => path.relative(ROOT, f)).sort());
    const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
    expect(doc.summary).toEqual({
      identities: report.entries.length,
      federated: report.entries.filter((e) => e.federated).length,
      findings: { error: count('error'), warning: count('warning'), info: count('info') },
      unparsed: report.entries.reduce((n, e) => n + e.unparsed.length, report.unparsed.length),
    });
    expect(doc.summary.findings.error).toBeGreaterThan(0);
    const entry = doc.entries.find((e: any) => e.identity.name === 'OctoRepoRole');
    expect(entry).toEqual(expect.objectContaining({
      cloud: 'aws',
      identity: { kind: 'aws-role', name: 'OctoRepoRole', address: 'OctoRepoRole' },
      federated: true,
      issuerUrl: 'https://token.actions.githubusercontent.com',
      audiences: [],
      admitsTargetDefaultAudience: true,
      checksAudience: true,
      rules: [{
        conditions: [{ claim: 'sub', operator: 'like', values: ['repo:octo-org/octo-repo:*'] }],
        exact: true,
        source: { file: 'test/review/fixtures/github-docs-oidc-in-aws.template.json', jsonPath: 'Resources.OctoRepoRole.Properties.AssumeRolePolicyDocument.Statement[0]' },
      }],
      maxSessionSeconds: 3600,
      findings: [expect.objectContaining({ id: 'WT104', file: 'test/review/fixtures/github-docs-oidc-in-aws.template.json', ruleIndex: 0 }), expect.objectContaining({ id: 'WT106' })],
    }));
  });

  test('stable: the same input in another order, or reviewed again, gives the same bytes', () => {
    const a = formatJson(review.TrustReview.paths(FOREIGN), { cwd: ROOT });
    const b = formatJson(review.TrustReview.paths([...FOREIGN].reverse()), { cwd: ROOT });
    expect(b).toBe(a);
    expect(formatJson(review.TrustReview.paths(FOREIGN), { cwd: ROOT })).toBe(a);
  });

  test('like values are glob text: a literal * from an IAM ${*} escape is written \\* and reads back as a literal', () => {
    const template = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: [{
                Effect: 'Allow',
                Principal: { Federated: 'arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com' },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: { StringLike: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/${*}-*' } },
              }],
            },
          },
        },
      },
    };
    const doc = JSON.parse(formatJson(review.TrustReview.cloudFormation(template, path.join(ROOT, 't.json')), { cwd: ROOT }));
    const values = doc.entries[0].rules[0].conditions[0].values;
    expect(values).toEqual(['repo:acme/app:ref:refs/heads/\\*-*']);
    const glob = globFromText(values[0]);
    expect(glob.matches('repo:acme/app:ref:refs/heads/*-x')).toBe(true);
    expect(glob.matches('repo:acme/app:ref:refs/heads/a-x')).toBe(false);
  });

  test('the baseline comparison is the baseline member', () => {
    const baseline = { baseline: 'b.json', newIdentities: [], removedIdentities: [], widened: [], narrowed: [], trustWidened: false };
    expect(JSON.parse(formatJson(review.TrustReport.of([]), { cwd: ROOT, baseline })).baseline).toEqual(baseline);
  });
});

describe('parseReportDocument', () => {
  const good = formatJson(fixtureReport(), { cwd: ROOT });

  test('reads a report back', () => {
    expect(parseReportDocument(good, 'base.json')).toEqual(JSON.parse(good));
  });

  test.each([
    ['not JSON', '{"version": 1,', /The baseline base.json is not valid JSON: /],
    ['not an object', '[]', /is not a JSON report: it is not an object/],
    ['no version', '{"entries": []}', /is not a workload-trust JSON report: it has no version/],
    ['another version', '{"version": 2, "entries": []}', /has format version 2; this workload-trust reads version 1/],
    ['no entries', '{"version": 1}', /is not a workload-trust JSON report: it has no entries list/],
    ['a cdk.out manifest', '{"version": "36.0.0", "artifacts": {}}', /is not a workload-trust JSON report: it has no entries list/],
  ])('refuses %s, naming the file and the fix', (_, text, message) => {
    const e = errorOf(() => parseReportDocument(text, 'base.json'));
    expect(e.code).toBe(CliErrorCode.INVALID_BASELINE);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/Fix: give a report written by `workload-trust review --format json`/);
  });

  test('refuses an entry with a bad condition, naming where it is', () => {
    const doc = JSON.parse(good);
    doc.entries[2].rules[0].conditions[0].operator = 'matches';
    expect(errorOf(() => parseReportDocument(JSON.stringify(doc), 'b.json')).message).toMatch(/entries\[2\]\.rules\[0\]\.conditions\[0\] is not a condition/);
    doc.entries[2].rules[0].conditions[0] = { claim: 'bad claim', operator: 'equals', values: ['x'] };
    expect(errorOf(() => parseReportDocument(JSON.stringify(doc), 'b.json')).message).toMatch(/entries\[2\]\.rules\[0\]\.conditions\[0\] is not a valid condition \(\[InvalidClaim\]/);
    delete doc.entries[1].identity.name;
    expect(errorOf(() => parseReportDocument(JSON.stringify(doc), 'b.json')).message).toMatch(/entries\[1\]\.identity lacks kind, name or address/);
    expect(TrustErrors.codeOf((() => {
      try {
        parseReportDocument(JSON.stringify(doc), 'b.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })())).toBe(CliErrorCode.INVALID_BASELINE);
  });
});
