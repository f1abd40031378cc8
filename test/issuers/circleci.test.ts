import { CircleCI, ClaimCondition, LintRuleIds, TargetCloud, TrustErrorCode, TrustPolicy, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { errorOf } from '../support/assertions';

const ORG = 'a74579f1-2e7d-451e-b009-5c082ad2729e';
const PROJECT = 'cb32986e-2f6f-4f43-b2bd-d3c2fd98e903';
const OTHER_PROJECT = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const USER = '5b1e6c2a-9d3f-4e8a-b7c1-2f0d9e8a7b6c';
const OTHER_USER = '6c2f7d3b-0e4a-4f9b-8c2d-3a1e0f9b8c7d';
const PREFIX = `org/${ORG}/project/${PROJECT}/user/${USER}`;
const circleci = CircleCI.issuer(ORG);
const project = circleci.project(PROJECT);

function allows(policy: TrustPolicy, claims: { [k: string]: any }): boolean {
  return policy.evaluate(claims).allowed;
}

/** The documented V2 token, for another origin and ref. */
function v2(origin: string, ref: string, overrides: { [k: string]: unknown } = {}): { [k: string]: any } {
  return token('circleci', 'v2-main', {
    'sub': `${PREFIX}/vcs-origin/${origin}/vcs-ref/${ref}`,
    'oidc.circleci.com/vcs-origin': origin,
    'oidc.circleci.com/vcs-ref': ref,
    ...overrides,
  });
}

describe('CircleCI issuer', () => {
  test('one issuer per organization, whose ID is the default audience', () => {
    // WHEN
    const policy = circleci.trust({ rules: [project.anyJob()] });

    // THEN
    expect(circleci.url).toBe(`https://oidc.circleci.com/org/${ORG}`);
    expect(circleci.organizationId).toBe(ORG);
    expect(circleci.sharedIssuer).toBe(false);
    expect(policy.audiences).toEqual([ORG]);
    expect(policy.admitsTargetDefaultAudience).toBe(false);
    // A token minted for another audience (or by another organization) does not get in.
    expect(allows(policy, token('circleci', 'v1'))).toBe(true);
    expect(policy.evaluate(token('circleci', 'v1', { aud: 'sts.amazonaws.com' }), { targetDefaultAudiences: ['sts.amazonaws.com'] }).allowed).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { iss: 'https://oidc.circleci.com/org/0184990a-477b-4fa8-9968-496074483c77' }))).toBe(false);
  });

  test('explicit audiences replace the organization ID', () => {
    // WHEN
    const policy = circleci.trust({ rules: [project.anyJob()], audiences: ['sts.amazonaws.com'] });

    // THEN
    expect(policy.audiences).toEqual(['sts.amazonaws.com']);
    expect(allows(policy, token('circleci', 'v1', { aud: 'sts.amazonaws.com' }))).toBe(true);
    expect(allows(policy, token('circleci', 'v1'))).toBe(false);
  });

  test.each([
    ['an uppercase UUID', ORG.toUpperCase()],
    ['an organization name', 'acme'],
    ['a UUID in braces', `{${ORG}}`],
  ])('%s is refused as organization ID', (_what, id) => {
    // WHEN
    const e = errorOf(() => CircleCI.issuer(id));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(JSON.stringify(id));
    expect(e.message).toContain('lowercase UUID');
  });

  test('AWS can check the project ID claim besides the generic ones', () => {
    expect(circleci.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud', 'oidc.circleci.com/project-id']);
    expect(circleci.checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('CircleCI project rules against documented tokens', () => {
  test('anyJob admits both token versions of the project, as CircleCI documents it', () => {
    // GIVEN
    const rule = project.anyJob();
    const policy = circleci.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      `sub like "org/${ORG}/project/${PROJECT}/user/*"`,
      `oidc.circleci.com/project-id equals "${PROJECT}"`,
    ]);
    expect(allows(policy, token('circleci', 'v1'))).toBe(true);
    expect(allows(policy, token('circleci', 'v2-main'))).toBe(true);
    expect(policy.findings).toEqual([]);
  });

  test('anyJob keeps other projects out, by subject and by project ID', () => {
    // GIVEN
    const policy = circleci.trust({ rules: [project.anyJob()] });

    // THEN
    expect(allows(policy, token('circleci', 'v1', { 'sub': `org/${ORG}/project/${OTHER_PROJECT}/user/${USER}`, 'oidc.circleci.com/project-id': OTHER_PROJECT }))).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { 'oidc.circleci.com/project-id': OTHER_PROJECT }))).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { 'oidc.circleci.com/project-id': undefined }))).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { sub: `org/${ORG}/project/${PROJECT.toUpperCase()}/user/${USER}` }))).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { sub: undefined }))).toBe(false);
  });

  test('byUser admits that user in both token versions, and no other user', () => {
    // GIVEN
    const policy = circleci.trust({ rules: [project.byUser(USER)] });

    // THEN
    expect(allows(policy, token('circleci', 'v1'))).toBe(true);
    expect(allows(policy, token('circleci', 'v2-main'))).toBe(true);
    expect(allows(policy, token('circleci', 'v1', { sub: `org/${ORG}/project/${PROJECT}/user/${OTHER_USER}` }))).toBe(false);
    expect(allows(policy, token('circleci', 'v1', { sub: `${PREFIX}0` }))).toBe(false);
  });
});

describe('CircleCI repository-aware rules ($CIRCLE_OIDC_TOKEN_V2)', () => {
  const repo = project.fromRepository('github.com/organization-123/repo-1');

  test('onBranch admits the branch of the repository only', () => {
    // GIVEN
    const policy = circleci.trust({ rules: [repo.onBranch('main')] });

    // THEN
    expect(allows(policy, token('circleci', 'v2-main'))).toBe(true);
    // The V1 subject carries no repository: it cannot prove the branch.
    expect(allows(policy, token('circleci', 'v1'))).toBe(false);
    expect(allows(policy, v2('github.com/organization-123/repo-1', 'refs/heads/main-old'))).toBe(false);
    expect(allows(policy, v2('github.com/organization-123/repo-1', 'refs/tags/main'))).toBe(false);
    expect(allows(policy, v2('github.com/organization-123/repo-1-evil', 'refs/heads/main'))).toBe(false);
    // A forked pull request's build comes from the fork's repository.
    expect(allows(policy, v2('github.com/contributor/repo-1', 'refs/heads/main'))).toBe(false);
  });

  test('a branch named like the end of another subject cannot pass for main', () => {
    // GIVEN a branch whose name ends with the text of main's subject
    const forged = v2('github.com/organization-123/repo-1', 'refs/heads/x/vcs-origin/github.com/organization-123/repo-1/vcs-ref/refs/heads/main');
    const policy = circleci.trust({ rules: [repo.onBranch('main')] });
    // AND the pattern of CircleCI's documentation (there across projects), with * for the user
    const documented = circleci.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', `org/${ORG}/project/${PROJECT}/user/*/vcs-origin/github.com/organization-123/repo-1/vcs-ref/refs/heads/main`))] });

    // THEN the builder's exactly-one-UUID user part keeps it out; the documented pattern lets it in
    expect(allows(policy, forged)).toBe(false);
    expect(allows(documented, forged)).toBe(true);
  });

  test('onTag, anyJob and byUser with a repository match the V2 subject', () => {
    // GIVEN
    const tag = circleci.trust({ rules: [repo.onTag('v1.0.0')] });
    const anyJob = circleci.trust({ rules: [repo.anyJob()] });
    const byUser = circleci.trust({ rules: [repo.byUser(USER)] });

    // THEN
    expect(allows(tag, v2('github.com/organization-123/repo-1', 'refs/tags/v1.0.0'))).toBe(true);
    expect(allows(tag, token('circleci', 'v2-main'))).toBe(false);
    expect(allows(anyJob, token('circleci', 'v2-main'))).toBe(true);
    expect(allows(anyJob, v2('github.com/contributor/repo-1', 'refs/heads/main'))).toBe(false);
    expect(allows(anyJob, token('circleci', 'v1'))).toBe(false);
    expect(allows(byUser, token('circleci', 'v2-main'))).toBe(true);
    expect(allows(byUser, v2('github.com/contributor/repo-1', 'refs/heads/main'))).toBe(false);
  });

  test('onBranch needs the repository', () => {
    // WHEN
    const e = errorOf(() => project.onBranch('main'));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('fromRepository');
  });

  test.each([
    ['https://github.com/organization-123/repo-1', 'has a scheme'],
    ['github.com', 'is not valid'],
    ['github.com/organization-123/repo 1', 'is not valid'],
    ['github.com/organization-123/*', 'is not valid'],
  ])('the VCS origin %j is refused', (origin, why) => {
    // WHEN
    const e = errorOf(() => project.fromRepository(origin));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(why);
  });
});

describe('CircleCI lint', () => {
  test('a hand-written project pattern on sub pins the project by ID: no WT106, no WT107', () => {
    // WHEN
    const policy = circleci.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', `org/${ORG}/project/${PROJECT}/user/*`))] });

    // THEN
    expect(policy.findings).toEqual([]);
  });

  test('a pattern across projects fails with WT107', () => {
    // WHEN
    const e = errorOf(() => circleci.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', `org/${ORG}/project/*`))] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(LintRuleIds.TENANT_WIDE);
  });

  test('a rule on the vcs-origin claim alone has no subject restriction', () => {
    // WHEN
    const e = errorOf(() => circleci.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('oidc.circleci.com/vcs-origin', 'github.com/organization-123/repo-1'))] }));

    // THEN
    expect(e.message).toContain(LintRuleIds.NO_SUBJECT_RESTRICTION);
  });
});
