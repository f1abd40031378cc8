import { findingIds, GH, githubStatement, POOL_SET, reviewGoogle, reviewStatements } from './support';
import { LintRules, Severity, review } from '../../src';

const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };
const pinned = { ...AUD, [`${GH}:sub`]: 'repo:acme/app:environment:prod', [`${GH}:repository_id`]: '1', [`${GH}:repository_owner_id`]: '2' };
const MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.repository_id': 'assertion.repository_id',
  'attribute.deploy': '(assertion.repository_id == "123" && assertion.ref == "refs/heads/main") ? "yes" : ""',
};
const ON_MAIN = 'assertion.repository_owner_id == "2" && assertion.ref == "refs/heads/main"';

describe('the review rule registry', () => {
  test('stable IDs WT201 to WT206, in order, disjoint from the core lint IDs', () => {
    const ids = review.ReviewRules.all().map((r) => r.id);
    expect(ids).toEqual(['WT201', 'WT202', 'WT203', 'WT204', 'WT205', 'WT206']);
    expect(Object.values(review.ReviewRuleIds)).toEqual(ids);
    const core = new Set(LintRules.all().map((r) => r.id));
    expect(ids.filter((id) => core.has(id))).toEqual([]);
  });

  test('every rule has a title, an explanation and a fix; the Markdown table lists them', () => {
    for (const r of review.ReviewRules.all()) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.explanation.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
    const table = review.ReviewRules.markdownTable().split('\n');
    expect(table).toHaveLength(2 + 6);
    expect(table[2]).toMatch(/^\| WT201 \| error \| \*\*ForAllValues in an Allow statement\.\*\*/);
  });
});

describe('WT201: ForAllValues in an Allow statement', () => {
  test('Noncompliance: ForAllValues:StringLike on sub', () => {
    const e = reviewStatements([githubStatement({ 'StringEquals': pinned, 'ForAllValues:StringLike': { [`${GH}:ref`]: 'refs/heads/*' } })]);
    expect(findingIds(e)).toEqual(['WT201']);
    expect(e.findings[0]).toEqual(expect.objectContaining({ severity: Severity.ERROR, ruleIndex: 0, jsonPath: expect.stringContaining('["ForAllValues:StringLike"]') }));
  });

  test('Compliance: ForAnyValue:StringLike', () => {
    expect(findingIds(reviewStatements([githubStatement({ 'StringEquals': pinned, 'ForAnyValue:StringLike': { [`${GH}:ref`]: 'refs/heads/*' } })]))).toEqual([]);
  });
});

describe('WT202: no audience check', () => {
  test('Noncompliance: a statement without aud, with the provider\'s client IDs in the message', () => {
    const { [`${GH}:aud`]: _aud, ...noAud } = pinned;
    const e = reviewStatements([githubStatement({ StringEquals: noAud }, { Principal: { Federated: { Ref: 'P' } } })],
      { P: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: `https://${GH}`, ClientIdList: ['sts.amazonaws.com', 'other'] } } });
    expect(findingIds(e)).toEqual(['WT202']);
    expect(e.findings[0].message).toContain('"sts.amazonaws.com", "other"');
    expect(e.findings[0].severity).toBe(Severity.WARNING);
  });

  test('Compliance: aud is checked', () => {
    expect(findingIds(reviewStatements([githubStatement({ StringEquals: pinned })]))).toEqual([]);
  });
});

describe('WT203: Google provider without attribute condition', () => {
  test('Noncompliance: no attribute_condition', () => {
    const e = reviewGoogle({ attribute_mapping: MAPPING }, `${POOL_SET}/attribute.deploy/yes`)[0];
    expect(findingIds(e)).toEqual(['WT203']);
  });

  test('Compliance: a condition', () => {
    const e = reviewGoogle({ attribute_mapping: MAPPING, attribute_condition: ON_MAIN }, `${POOL_SET}/attribute.repository_id/123`)[0];
    expect(findingIds(e)).toEqual([]);
  });
});

describe('WT204: binding of a whole pool', () => {
  test('Noncompliance: principalSet://…/*', () => {
    const e = reviewGoogle({ attribute_mapping: MAPPING, attribute_condition: `assertion.repository_id == "123" && ${ON_MAIN}` }, `${POOL_SET}/*`)[0];
    expect(findingIds(e)).toEqual(['WT204']);
    expect(e.findings[0].jsonPath).toBe('resource.google_service_account_iam_member.sa.member');
  });

  test('Compliance: an attribute principalSet', () => {
    expect(findingIds(reviewGoogle({ attribute_mapping: MAPPING, attribute_condition: ON_MAIN }, `${POOL_SET}/attribute.repository_id/123`)[0])).toEqual([]);
  });
});

describe('WT205: trust policy near the size quota', () => {
  const statement = (i: number) => githubStatement({ StringEquals: { ...pinned, [`${GH}:sub`]: `repo:acme/app:environment:${'e'.repeat(150)}${i}` } });

  test('Noncompliance: over 90% of 2,048 characters', () => {
    const e = reviewStatements(Array.from({ length: 6 }, (_, i) => statement(i)));
    expect(findingIds(e)).toEqual(['WT205']);
    expect(e.findings[0].message).toMatch(/about \d+ characters/);
  });

  test('Compliance: a small policy', () => {
    expect(findingIds(reviewStatements([statement(0)]))).toEqual([]);
  });
});

describe('WT206: trust the review could not understand', () => {
  test('Noncompliance: an unknown operator, with the raw text in the message', () => {
    const e = reviewStatements([githubStatement({ StringEquals: pinned, StringNotLike: { [`${GH}:ref`]: 'refs/pull/*' } })]);
    expect(findingIds(e)).toEqual(['WT206']);
    expect(e.findings[0].message).toContain('StringNotLike: {"token.actions.githubusercontent.com:ref":"refs/pull/*"}');
  });

  test('Compliance: everything understood', () => {
    expect(findingIds(reviewStatements([githubStatement({ StringEquals: pinned })]))).toEqual([]);
  });
});

describe('core lint IDs on reviewed rules', () => {
  test('WT101 for a way in that checks no claim; WT102, WT103 for wildcards', () => {
    const e = reviewStatements([
      githubStatement({ StringEquals: AUD }),
      githubStatement({ StringEquals: { ...AUD, [`${GH}:repository_owner_id`]: '2' }, StringLike: { [`${GH}:sub`]: 'repo:acme*' } }),
      githubStatement({ StringEquals: { ...pinned }, StringLike: { [`${GH}:ref`]: '*' } }),
    ]);
    expect(e.findings.map((f) => [f.id, f.ruleIndex])).toEqual(expect.arrayContaining([['WT101', 0], ['WT102', 1], ['WT103', 2]]));
  });

  test('a TrustReport gathers findings and filters by severity', () => {
    const report = review.TrustReview.cloudFormation({ Resources: { A: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [githubStatement({ StringEquals: AUD })] } } } } }, 't.json');
    expect(report.findingsAtLeast(Severity.ERROR).map((f) => f.id)).toEqual(['WT101']);
    expect(report.findingsAtLeast(Severity.INFO).map((f) => f.id)).toEqual(['WT101']);
    expect(report.toJson().entries[0].findings[0].id).toBe('WT101');
  });
});
