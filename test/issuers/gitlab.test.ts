import { ClaimCondition, ConditionOperator, GitLab, LintRuleIds, TargetCloud, TrustErrorCode, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { allows, errorOf } from '../support/assertions';

const gitlab = GitLab.issuer();
const project = gitlab.project('my-group/my-project');

/** The documented branch token of a job of another project, on main. */
function mainOf(projectPath: string): { [k: string]: any } {
  return token('gitlab', 'branch-main', { sub: `project_path:${projectPath}:ref_type:branch:ref:main`, project_path: projectPath });
}

describe('GitLab issuer URLs', () => {
  test('gitlab.com and self-managed issuers', () => {
    // WHEN
    const com = GitLab.issuer();
    const selfManaged = GitLab.selfManaged('gitlab.example.com');

    // THEN
    expect(com.url).toBe('https://gitlab.com');
    expect(com.url).toBe(GitLab.GITLAB_COM_URL);
    expect(com.sharedIssuer).toBe(true);
    expect(selfManaged.url).toBe('https://gitlab.example.com');
    expect(selfManaged.displayName).toContain('gitlab.example.com');
  });

  test.each([
    ['a scheme', 'https://gitlab.example.com'],
    ['a port', 'gitlab.example.com:8443'],
    ['a path', 'example.com/gitlab'],
    ['gitlab.com itself', 'GitLab.com'],
  ])('self-managed hosts with %s are refused', (_what, host) => {
    // WHEN
    const e = errorOf(() => GitLab.selfManaged(host));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(JSON.stringify(host));
    expect(e.message).toContain('Fix:');
  });

  test('AWS checks the GitLab claims on gitlab.com, only the generic claims on self-managed instances', () => {
    expect(GitLab.issuer().checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud', 'namespace_id', 'pipeline_source', 'project_id', 'ref_protected', 'runner_environment', 'user_access_level', 'user_email', 'user_id', 'user_login']);
    expect(GitLab.selfManaged('gitlab.example.com').checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
    expect(GitLab.issuer().checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('GitLab paths and ref names', () => {
  test.each([
    ['my-project', 'has no group'],
    ['my-group//my-project', 'is not valid'],
    ['my-group/my-project.git', 'is not valid'],
    ['my-group/-project', 'is not valid'],
    ['my-group/.project', 'is not valid'],
    ['my-group/my project', 'is not valid'],
    ['my-group/my-project*', 'is not valid'],
    ['my-group:x/my-project', 'is not valid'],
    ['', 'is not valid'],
  ])('project path %j is refused', (path, why) => {
    // WHEN
    const e = errorOf(() => gitlab.project(path));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(why);
    expect(e.message).toContain(JSON.stringify(path));
  });

  test('subgroups, dots, underscores and hyphens are accepted', () => {
    // WHEN
    const rule = gitlab.project('my-group/sub.group/my_project-2').onBranch('main');

    // THEN
    expect(rule.conditions[0].values).toEqual(['project_path:my-group/sub.group/my_project-2:ref_type:branch:ref:main']);
  });

  test.each([
    ['refs/heads/main', 'without "refs/heads/"'],
    ['', 'non-empty'],
    ['ma\nin', 'control characters'],
  ])('branch name %j is refused', (name, why) => {
    // WHEN
    const e = errorOf(() => project.onBranch(name));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(why);
  });
});

describe('GitLab rules against documented tokens', () => {
  test('onBranch admits the branch of the project and no near miss', () => {
    // GIVEN
    const policy = gitlab.trust({ rules: [project.onBranch('main')] });

    // THEN the documented token gets in
    expect(policy.rules[0].conditions.map((c) => c.toString())).toEqual(['sub equals "project_path:my-group/my-project:ref_type:branch:ref:main"']);
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(true);
    // AND other branches, tags of the same name, other projects and owners sharing a prefix do not
    expect(allows(policy, token('gitlab', 'feature-branch'))).toBe(false);
    expect(allows(policy, token('gitlab', 'tag', { sub: 'project_path:my-group/my-project:ref_type:tag:ref:main' }))).toBe(false);
    expect(allows(policy, mainOf('my-group/my-project-evil'))).toBe(false);
    expect(allows(policy, mainOf('my-group-evil/my-project'))).toBe(false);
    expect(allows(policy, mainOf('my-group/my-project/sub'))).toBe(false);
    expect(allows(policy, mainOf('My-Group/my-project'))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main', { sub: 'project_path:my-group/my-project:ref_type:branch:ref:Main' }))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main', { sub: undefined }))).toBe(false);
    // AND the fork's merge request pipeline (source branch main) names the fork, so it stays out
    expect(allows(policy, token('gitlab', 'fork-merge-request'))).toBe(false);
    // AND a token minted for another audience does not get in
    expect(allows(policy, token('gitlab', 'branch-main', { aud: 'https://vault.example.com' }))).toBe(false);
  });

  test('onBranch keeps * and ? literal; onBranchMatching makes them wildcards', () => {
    // GIVEN
    const literal = gitlab.trust({ rules: [project.onBranch('release/*')] });
    const pattern = gitlab.trust({ rules: [project.onBranchMatching('release/*')] });
    const release = token('gitlab', 'branch-main', { sub: 'project_path:my-group/my-project:ref_type:branch:ref:release/1.2' });

    // THEN
    expect(literal.rules[0].conditions[0].operator).toBe(ConditionOperator.EQUALS);
    expect(allows(literal, release)).toBe(false);
    expect(allows(literal, token('gitlab', 'branch-main', { sub: 'project_path:my-group/my-project:ref_type:branch:ref:release/*' }))).toBe(true);
    expect(allows(pattern, release)).toBe(true);
    expect(allows(pattern, token('gitlab', 'branch-main', { sub: 'project_path:my-group/my-project:ref_type:branch:ref:release' }))).toBe(false);
    expect(allows(pattern, token('gitlab', 'tag', { sub: 'project_path:my-group/my-project:ref_type:tag:ref:release/1.2' }))).toBe(false);
  });

  test('onTag and onTagMatching admit tags, not branches of the same name', () => {
    // GIVEN
    const policy = gitlab.trust({ rules: [project.onTagMatching('v*')] });

    // THEN
    expect(allows(policy, token('gitlab', 'tag'))).toBe(true);
    expect(allows(policy, token('gitlab', 'branch-main', { sub: 'project_path:my-group/my-project:ref_type:branch:ref:v1.2.0' }))).toBe(false);
    expect(project.onTag('v1.2.0').conditions[0].values).toEqual(['project_path:my-group/my-project:ref_type:tag:ref:v1.2.0']);
  });

  test('protectedRefsOnly adds ref_protected == "true"', () => {
    // GIVEN
    const rule = project.protectedRefsOnly().anyRef();
    const policy = gitlab.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub like one of ["project_path:my-group/my-project:ref_type:branch:ref:*", "project_path:my-group/my-project:ref_type:tag:ref:*"]',
      'ref_protected equals "true"',
    ]);
    expect(rule.describe()).toContain('protected refs only');
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(true);
    expect(allows(policy, token('gitlab', 'tag'))).toBe(true);
    expect(allows(policy, token('gitlab', 'feature-branch'))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main', { ref_protected: undefined }))).toBe(false);
    // A boolean is not the string GitLab sends: claims are compared as strings, never converted.
    expect(allows(policy, token('gitlab', 'branch-main', { ref_protected: true }))).toBe(false);
  });

  test('onEnvironment checks the environment claim, from any ref of the project', () => {
    // GIVEN
    const policy = gitlab.trust({ rules: [project.onEnvironment('production')] });

    // THEN
    expect(policy.rules[0].conditions.map((c) => c.claim)).toEqual(['sub', 'environment']);
    expect(allows(policy, token('gitlab', 'environment-production'))).toBe(true);
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(false);
    expect(allows(policy, token('gitlab', 'environment-production', { environment: 'production-eu' }))).toBe(false);
    expect(allows(policy, token('gitlab', 'environment-production', { environment: 'Production' }))).toBe(false);
    expect(allows(policy, token('gitlab', 'environment-production', { sub: 'project_path:my-group/my-project-evil:ref_type:branch:ref:main', project_path: 'my-group/my-project-evil' }))).toBe(false);
  });

  test('a self-managed issuer admits its own tokens only', () => {
    // GIVEN
    const selfManaged = GitLab.selfManaged('gitlab.example.com');
    const policy = selfManaged.trust({ rules: [selfManaged.project('my-group/my-project').onBranch('main')] });

    // THEN
    expect(allows(policy, token('gitlab', 'branch-main', { iss: 'https://gitlab.example.com' }))).toBe(true);
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(false);
  });
});

describe('GitLab pinned projects', () => {
  test('pinning adds project_id and namespace_id and keeps a recreated project out', () => {
    // GIVEN
    const rule = project.pinned({ projectId: '20', namespaceId: '72' }).onBranch('main');
    const policy = gitlab.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub equals "project_path:my-group/my-project:ref_type:branch:ref:main"',
      'project_id equals "20"',
      'namespace_id equals "72"',
    ]);
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(true);
    expect(allows(policy, token('gitlab', 'branch-main', { project_id: '21' }))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main', { namespace_id: '73' }))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main', { project_id: undefined }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('IDs must be numeric', () => {
    // WHEN
    const e = errorOf(() => project.pinned({ projectId: '20', namespaceId: 'my-group' }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('"my-group"');
  });

  test('unpinned rules get the WT106 warning, without failing', () => {
    // WHEN
    const policy = gitlab.trust({ rules: [project.onBranch('main')] });

    // THEN
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.MUTABLE_NAMES_ONLY]);
  });
});

describe('GitLab group-wide trust', () => {
  test('allProjects is explicit, acknowledged as WT107, covers subgroups and stops at the group', () => {
    // GIVEN
    const rule = gitlab.group('my-group').allProjects().onBranch('main');
    const policy = gitlab.trust({ rules: [rule] });

    // THEN
    expect(rule.conditions[0].values).toEqual(['project_path:my-group/*:ref_type:branch:ref:main']);
    expect(policy.findings.find((f) => f.id === LintRuleIds.TENANT_WIDE)?.acknowledgedBecause).toContain('group().allProjects()');
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(true);
    expect(allows(policy, mainOf('my-group/platform/other-project'))).toBe(true);
    expect(allows(policy, mainOf('my-group-evil/my-project'))).toBe(false);
    expect(allows(policy, token('gitlab', 'feature-branch'))).toBe(false);
  });

  test('a subgroup limits the trust to its own projects', () => {
    // GIVEN
    const policy = gitlab.trust({ rules: [gitlab.group('my-group/platform').allProjects().onBranch('main')] });

    // THEN
    expect(allows(policy, mainOf('my-group/platform/api'))).toBe(true);
    expect(allows(policy, mainOf('my-group/platform-evil/api'))).toBe(false);
    expect(allows(policy, token('gitlab', 'branch-main'))).toBe(false);
  });

  test('pinned() refuses a group-wide builder', () => {
    // WHEN
    const e = errorOf(() => gitlab.group('my-group').allProjects().pinned({ projectId: '20', namespaceId: '72' }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('all projects of "my-group"');
  });
});

describe('GitLab lint of hand-written rules', () => {
  test.each([
    ['sub like project_path:my-group*', ClaimCondition.like('sub', 'project_path:my-group*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['project_path like my-group*', ClaimCondition.like('project_path', 'my-group*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['sub like project_path:my-group/*', ClaimCondition.like('sub', 'project_path:my-group/*'), LintRuleIds.TENANT_WIDE],
    ['project_path like my-group/my-project*', ClaimCondition.like('project_path', 'my-group/my-project*'), LintRuleIds.TENANT_WIDE],
    ['namespace_path equals my-group', ClaimCondition.equals('namespace_path', 'my-group'), LintRuleIds.TENANT_WIDE],
    ['ref equals main', ClaimCondition.equals('ref', 'main'), LintRuleIds.NO_SUBJECT_RESTRICTION],
  ])('%s fails with its finding', (_what, condition, id) => {
    // WHEN
    const e = errorOf(() => gitlab.trust({ rules: [TrustRule.allOf(condition)] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(id);
  });

  test('a rule on project_id alone pins the project and raises nothing', () => {
    // WHEN
    const policy = gitlab.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('project_id', '20'))] });

    // THEN
    expect(policy.findings).toEqual([]);
    expect(allows(policy, token('gitlab', 'feature-branch'))).toBe(true);
  });
});
