import * as fs from 'fs';
import * as path from 'path';
import { fixtureReport, githubRoleTemplate, REVIEW_FIXTURES, ROOT, sarifSchemaErrors } from './support';
import { LintRules, review, Severity } from '../../../src';
import { jsonPathLines, lineOfPath } from '../../../src/review/cli/json-locator';
import { artifactUri, FINGERPRINT_KEY, formatSarif, sarifLog, SARIF_SCHEMA_URI } from '../../../src/review/cli/sarif';

const OPTIONS = { cwd: ROOT, toolVersion: '1.2.3', informationUri: 'https://github.com/workload-trust/workload-trust' };

/** Line numbers the way the CLI finds them: one pass over each file. */
function lineOf(file: string, jsonPath: string): number | undefined {
  return lineOfPath(jsonPathLines(fs.readFileSync(path.join(ROOT, file), 'utf8'), [jsonPath]), jsonPath);
}

describe('formatSarif', () => {
  test('the log of every foreign fixture is valid SARIF 2.1.0 (vendored schema, ajv)', () => {
    // GIVEN the report of every foreign fixture (errors, warnings, unparsed trust, AWS and Google)
    const report = fixtureReport();

    // WHEN
    const log = JSON.parse(formatSarif(report, { ...OPTIONS, lineOf }));

    // THEN
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results.length).toBeGreaterThan(10);
    // The errata's rule that a region has a start (the SDK's copy of the schema leaves it out).
    for (const r of log.runs[0].results) expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
  });

  test('the validator is not vacuous: a result with a level SARIF does not have, or without a message, is refused', () => {
    const log = sarifLog(fixtureReport(), OPTIONS);
    log.runs[0].results[0].level = 'info';
    delete log.runs[0].results[1].message;
    expect(sarifSchemaErrors(log).length).toBeGreaterThanOrEqual(2);
  });

  test('an empty report is a valid log with the rules and no results', () => {
    const log = sarifLog(review.TrustReport.of([]), OPTIONS);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });

  test('tool.driver: name, version, informationUri, and every core lint and review rule with descriptions, help and level', () => {
    const driver = sarifLog(review.TrustReport.of([]), OPTIONS).runs[0].tool.driver;
    expect(driver).toEqual(expect.objectContaining({ name: 'workload-trust', version: '1.2.3', semanticVersion: '1.2.3', informationUri: OPTIONS.informationUri }));
    const all = [...LintRules.all(), ...review.ReviewRules.all()];
    expect(driver.rules.map((r: any) => r.id)).toEqual(all.map((r) => r.id));
    expect(driver.rules.map((r: any) => r.id)).toEqual(expect.arrayContaining(['WT101', 'WT107', 'WT201', 'WT206']));
    all.forEach((info, i) => {
      expect(driver.rules[i]).toEqual(expect.objectContaining({
        id: info.id,
        name: expect.stringMatching(/^[A-Z][A-Za-z0-9]+$/),
        shortDescription: { text: info.title },
        fullDescription: { text: info.explanation },
        help: { text: `${info.explanation} Fix: ${info.fix}`, markdown: expect.stringContaining(info.fix) },
        defaultConfiguration: { level: info.severity === Severity.INFO ? 'note' : info.severity },
      }));
    });
  });

  test('results: rule ID and index, level, message naming the identity, relative URI, line of the JSON path, logical location', () => {
    // GIVEN
    const file = path.join(REVIEW_FIXTURES, 'aws-cdk-github-oidc.template.json');
    const log = sarifLog(review.TrustReview.path(file), { ...OPTIONS, lineOf });
    const rules = log.runs[0].tool.driver.rules;

    // THEN
    const wt105 = log.runs[0].results.find((r: any) => r.ruleId === 'WT105');
    expect(wt105).toEqual(expect.objectContaining({
      ruleId: 'WT105',
      level: 'warning',
      message: { text: 'The session lifetime is 2 h, more than one hour. (AWS role MyTestRole)' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'test/review/fixtures/aws-cdk-github-oidc.template.json' }, region: { startLine: expect.any(Number) } },
        logicalLocations: [{ fullyQualifiedName: 'Resources.TagRoleAB12CD34.Properties.AssumeRolePolicyDocument' }],
      }],
    }));
    expect(rules[wt105.ruleIndex].id).toBe('WT105');
    // The line is the line of the "AssumeRolePolicyDocument" key of that role.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const line = lines[wt105.locations[0].physicalLocation.region.startLine - 1];
    expect(line).toContain('"AssumeRolePolicyDocument"');
    expect(lines.slice(0, wt105.locations[0].physicalLocation.region.startLine).join('\n').lastIndexOf('TagRoleAB12CD34')).toBeGreaterThan(0);
    for (const r of log.runs[0].results) expect(['error', 'warning', 'note']).toContain(r.level);
  });

  test('without a line finder every result points at line 1', () => {
    const log = sarifLog(fixtureReport(), OPTIONS);
    expect(new Set(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.region.startLine))).toEqual(new Set([1]));
  });

  test('info findings are notes', () => {
    const finding = { id: 'WT105', severity: Severity.INFO, title: 't', message: 'm', fix: 'f', file: path.join(ROOT, 'x.json'), jsonPath: 'Resources' };
    const log = sarifLog(review.TrustReport.of([], { findings: [finding] }), OPTIONS);
    expect(log.runs[0].results.map((r: any) => [r.level, r.message.text, r.locations[0].physicalLocation.artifactLocation.uri])).toEqual([['note', 'm', 'x.json']]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  test('fingerprints are stable per rule, identity and JSON path: another role does not move them, a shared provider finding is one per identity', () => {
    // GIVEN one role, then the same role next to another one
    const one = review.TrustReview.cloudFormation(githubRoleTemplate('repo:acme/app:ref:refs/heads/main'), path.join(ROOT, 'app.template.json'));
    const two = review.TrustReview.cloudFormation({
      Resources: {
        ...githubRoleTemplate('repo:acme/app:ref:refs/heads/main').Resources,
        ...githubRoleTemplate('repo:acme/other:ref:refs/heads/main', {}, 'Other').Resources,
      },
    }, path.join(ROOT, 'app.template.json'));
    const prints = (r: review.TrustReport) => sarifLog(r, OPTIONS).runs[0].results
      .map((x: any) => [x.ruleId, x.properties.identity, x.partialFingerprints[FINGERPRINT_KEY]]);

    // THEN
    const before = prints(one);
    const after = prints(two);
    expect(before.length).toBeGreaterThan(0);
    for (const p of before) expect(after).toContainEqual(p);
    expect(new Set(after.map((p: any) => p[2])).size).toBe(after.length);
    expect(prints(one)).toEqual(before);

    // AND a Google provider without condition, shared by two service accounts: one result each
    const google = review.TrustReview.path(path.join(REVIEW_FIXTURES, 'gh-oidc-no-condition.tf.json'));
    const wt203 = sarifLog(google, OPTIONS).runs[0].results.filter((r: any) => r.ruleId === 'WT203');
    expect(wt203.map((r: any) => r.properties.identity).sort()).toEqual([
      'Google service account bar-service-account@my-project.iam.gserviceaccount.com (roles/iam.workloadIdentityUser)',
      'Google service account foo-service-account@my-project.iam.gserviceaccount.com (roles/iam.workloadIdentityUser)',
    ]);
    expect(new Set(wt203.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY])).size).toBe(2);
  });

  test('the baseline comparison is kept in the run properties', () => {
    const baseline = { baseline: 'b.json', newIdentities: [], removedIdentities: [], widened: [], narrowed: [], trustWidened: false };
    const log = sarifLog(review.TrustReport.of([]), { ...OPTIONS, baseline });
    expect(log.runs[0].properties).toEqual({ baseline });
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});

describe('artifactUri', () => {
  test('relative names keep their folders and percent-encode the rest; names on another root are file URIs', () => {
    expect(artifactUri('cdk.out/App.template.json')).toBe('cdk.out/App.template.json');
    expect(artifactUri('out dir/a#b?.json')).toBe('out%20dir/a%23b%3F.json');
    expect(artifactUri('../other/x.json')).toBe('../other/x.json');
    expect(artifactUri('/abs/x y.json')).toBe('file:///abs/x%20y.json');
    expect(artifactUri('C:/work/x.json')).toBe('file:///C:/work/x.json');
  });
});
