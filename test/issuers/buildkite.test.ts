import { Buildkite, ClaimCondition, LintRuleIds, TargetCloud, TrustErrorCode, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { allows, errorOf } from '../support/assertions';

const ORG_ID = '0184990a-477b-4fa8-9968-496074483c77';
const PIPELINE_ID = '0184990a-4782-42b5-afc1-16715b10b1a0';
const SHA = '9f3182061f1e2cca4702c368cbc039b7dc9d4485';
const buildkite = Buildkite.issuer();
const pipeline = buildkite.pipeline({ organization: 'acme-inc', pipeline: 'super-duper-app' });

/** The documented token for a build of another organization, pipeline or branch. */
function build(organization: string, pipelineSlug: string, branch: string, overrides: { [k: string]: unknown } = {}): { [k: string]: any } {
  return token('buildkite', 'branch-main', {
    sub: `organization:${organization}:pipeline:${pipelineSlug}:ref:refs/heads/${branch}:commit:${SHA}:step:build`,
    organization_slug: organization,
    pipeline_slug: pipelineSlug,
    build_branch: branch,
    ...overrides,
  });
}

describe('Buildkite issuer', () => {
  test('one issuer shared by every organization', () => {
    expect(buildkite.url).toBe('https://agent.buildkite.com');
    expect(buildkite.url).toBe(Buildkite.BUILDKITE_URL);
    expect(buildkite.sharedIssuer).toBe(true);
  });

  test('AWS can check the Buildkite claims STS lists', () => {
    expect(buildkite.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud', 'build_branch', 'cluster_id', 'cluster_name', 'organization_id', 'organization_slug', 'pipeline_id', 'pipeline_slug']);
  });

  test.each([
    ['organization', { organization: 'Acme-Inc', pipeline: 'super-duper-app' }, '"Acme-Inc"'],
    ['organization', { organization: 'acme:inc', pipeline: 'super-duper-app' }, '"acme:inc"'],
    ['pipeline', { organization: 'acme-inc', pipeline: 'super duper' }, '"super duper"'],
    ['pipeline', { organization: 'acme-inc', pipeline: '' }, '""'],
  ])('an invalid %s slug is refused', (what, props, shown) => {
    // WHEN
    const e = errorOf(() => buildkite.pipeline(props));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(`Buildkite ${what} slug`);
    expect(e.message).toContain(shown);
  });
});

describe('Buildkite rules against documented tokens', () => {
  test('onBranch checks the subject and build_branch', () => {
    // GIVEN
    const rule = pipeline.onBranch('main');
    const policy = buildkite.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub like "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:*:step:*"',
      'build_branch equals "main"',
    ]);
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    // A step without key has an empty key in the subject.
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'main', { sub: `organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:${SHA}:step:` }))).toBe(true);
  });

  test('onBranch keeps near misses out', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.onBranch('main')] });

    // THEN
    expect(allows(policy, build('acme-inc-evil', 'super-duper-app', 'main'))).toBe(false);
    expect(allows(policy, build('acme-inc', 'super-duper-app-2', 'main'))).toBe(false);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'main-old'))).toBe(false);
    expect(allows(policy, build('Acme-Inc', 'super-duper-app', 'main'))).toBe(false);
    // Tag builds name the tag in the subject, even though build_branch is the branch.
    expect(allows(policy, token('buildkite', 'tag'))).toBe(false);
    // Pull requests from forks build the branch OWNER:BRANCH.
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'contributor:main'))).toBe(false);
    expect(allows(policy, token('buildkite', 'branch-main', { build_branch: undefined }))).toBe(false);
    expect(allows(policy, token('buildkite', 'branch-main', { sub: undefined }))).toBe(false);
    expect(allows(policy, token('buildkite', 'branch-main', { aud: 'https://buildkite.com/acme-inc' }))).toBe(false);
  });

  test('a branch name holding ":commit:" matches the subject pattern but not build_branch', () => {
    // GIVEN a build started with a branch name that forges the rest of main's subject
    const forged = build('acme-inc', 'super-duper-app', 'main:commit:0:step:x');
    const rule = pipeline.onBranch('main');

    // THEN the subject condition alone would admit it; the rule does not
    expect(rule.conditions[0].matches(forged.sub)).toBe(true);
    expect(allows(buildkite.trust({ rules: [rule] }), forged)).toBe(false);
  });

  test('onBranchMatching makes * a wildcard in both conditions', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.onBranchMatching('release/*')] });

    // THEN
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'release/1.2'))).toBe(true);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'release'))).toBe(false);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'contributor:release/1.2'))).toBe(false);
  });

  test('onBranch keeps * literal', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.onBranch('release/*')] });

    // THEN
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'release/*'))).toBe(true);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'release/1.2'))).toBe(false);
  });

  test('onTag admits tag builds, not branch builds', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.onTag('v1.0.0')] });

    // THEN
    expect(allows(policy, token('buildkite', 'tag'))).toBe(true);
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(false);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'v1.0.0'))).toBe(false);
  });

  test('anyBranch admits branch builds, not tag builds', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.anyBranch()] });

    // THEN
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    expect(allows(policy, build('acme-inc', 'super-duper-app', 'feature/x'))).toBe(true);
    expect(allows(policy, token('buildkite', 'tag'))).toBe(false);
    expect(allows(policy, build('acme-inc-evil', 'super-duper-app', 'main'))).toBe(false);
  });
});

describe('Buildkite pinned pipelines', () => {
  test('pinning adds the organization and pipeline UUIDs, which jobs must request', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [pipeline.pinned({ organizationId: ORG_ID, pipelineId: PIPELINE_ID }).onBranch('main')] });

    // THEN
    expect(policy.rules[0].conditions.map((c) => c.claim)).toEqual(['sub', 'build_branch', 'organization_id', 'pipeline_id']);
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    // A recreated pipeline with the same slug has a new UUID.
    expect(allows(policy, token('buildkite', 'branch-main', { pipeline_id: '0184990a-4782-42b5-afc1-16715b10b1a1' }))).toBe(false);
    // Without --claims organization_id,pipeline_id the optional claims are missing.
    expect(allows(policy, token('buildkite', 'branch-main', { organization_id: undefined, pipeline_id: undefined }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('IDs must be lowercase UUIDs', () => {
    // WHEN
    const e = errorOf(() => pipeline.pinned({ organizationId: 'acme-inc', pipelineId: PIPELINE_ID }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('"acme-inc"');
  });

  test('unpinned rules get the WT106 warning, without failing', () => {
    // WHEN
    const policy = buildkite.trust({ rules: [pipeline.onBranch('main')] });

    // THEN
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.MUTABLE_NAMES_ONLY]);
  });
});

describe('Buildkite organization-wide trust', () => {
  test('allPipelines is explicit, acknowledged as WT107, and stops at the organization', () => {
    // GIVEN
    const rule = buildkite.organization('acme-inc').allPipelines().onBranch('main');
    const policy = buildkite.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions[0].values).toEqual(['organization:acme-inc:pipeline:*:ref:refs/heads/main:commit:*:step:*']);
    expect(policy.findings.find((f) => f.id === LintRuleIds.TENANT_WIDE)?.acknowledgedBecause).toContain('organization().allPipelines()');
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    expect(allows(policy, build('acme-inc', 'other-app', 'main'))).toBe(true);
    expect(allows(policy, build('acme-inc-evil', 'super-duper-app', 'main'))).toBe(false);
  });

  test('a pinned organization checks its UUID', () => {
    // GIVEN
    const policy = buildkite.trust({ rules: [buildkite.organization('acme-inc').pinned({ organizationId: ORG_ID }).allPipelines().anyBranch()] });

    // THEN
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    expect(allows(policy, token('buildkite', 'branch-main', { organization_id: '0184990a-477b-4fa8-9968-496074483c78' }))).toBe(false);
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.TENANT_WIDE]);
  });

  test('pinned() refuses an organization-wide builder', () => {
    // WHEN
    const e = errorOf(() => buildkite.organization('acme-inc').allPipelines().pinned({ organizationId: ORG_ID, pipelineId: PIPELINE_ID }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
  });
});

describe('Buildkite lint of hand-written rules', () => {
  test.each([
    ['sub like organization:acme*', ClaimCondition.like('sub', 'organization:acme*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['organization_slug like acme*', ClaimCondition.like('organization_slug', 'acme*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['organization_slug equals acme-inc', ClaimCondition.equals('organization_slug', 'acme-inc'), LintRuleIds.TENANT_WIDE],
    // Pipeline slugs repeat across organizations of the shared issuer.
    ['pipeline_slug equals super-duper-app', ClaimCondition.equals('pipeline_slug', 'super-duper-app'), LintRuleIds.NO_SUBJECT_RESTRICTION],
  ])('%s fails with its finding', (_what, condition, id) => {
    // WHEN
    const e = errorOf(() => buildkite.trust({ rules: [TrustRule.allOf(condition)] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(id);
  });

  test('organization and pipeline slugs together pin the pipeline (the AWS guide\'s conditions)', () => {
    // WHEN
    const policy = buildkite.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('organization_slug', 'acme-inc'), ClaimCondition.equals('pipeline_slug', 'super-duper-app'))] });

    // THEN
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.MUTABLE_NAMES_ONLY]);
    expect(allows(policy, token('buildkite', 'branch-main'))).toBe(true);
    expect(allows(policy, build('acme-inc-evil', 'super-duper-app', 'main'))).toBe(false);
  });
});
