import { ClaimCondition, ConditionOperator, GitHubActions, GitHubSubjectFormat, LintRuleIds, SessionLifetime, TargetCloud, TrustErrorCode, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { allows, errorOf } from '../support/assertions';

const github = GitHubActions.issuer();

describe('GitHubActions issuer URLs', () => {
  test('github.com, enterprise slug, GHE.com and GHES issuers', () => {
    expect(GitHubActions.issuer().url).toBe('https://token.actions.githubusercontent.com');
    expect(GitHubActions.enterprise('acme-corp').url).toBe('https://token.actions.githubusercontent.com/acme-corp');
    expect(GitHubActions.dataResidency('acme').url).toBe('https://token.actions.acme.ghe.com');
    expect(GitHubActions.server('github.example.com').url).toBe('https://github.example.com/_services/token');
  });

  test.each([
    ['enterprise slug with a slash', () => GitHubActions.enterprise('acme/x'), 'acme/x'],
    ['GHE.com subdomain with a dot', () => GitHubActions.dataResidency('acme.evil'), 'acme.evil'],
    ['GHES host with a port', () => GitHubActions.server('github.example.com:8443'), 'github.example.com:8443'],
    ['GHES host with a scheme', () => GitHubActions.server('https://github.example.com'), 'https://github.example.com'],
  ])('rejects a %s', (_what, build, value) => {
    const e = errorOf(build);
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(JSON.stringify(value));
    expect(e.message).toContain('Fix:');
  });

  test('AWS can check repository_id on github.com but only the generic claims on GHES', () => {
    expect(GitHubActions.issuer().checkableClaims(TargetCloud.AWS)).toEqual(expect.arrayContaining(['repository_id', 'repository_owner_id', 'job_workflow_ref', 'environment']));
    expect(GitHubActions.server('github.example.com').checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
    expect(GitHubActions.issuer().checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('GitHubActions repository names', () => {
  test.each([
    ['acme', 'not of the form OWNER/REPO'],
    ['acme/app/extra', 'not of the form OWNER/REPO'],
    ['-acme/app', 'GitHub owner'],
    ['ac--me/app', 'GitHub owner'],
    [`${'a'.repeat(40)}/app`, 'GitHub owner'],
    ['acme/..', 'GitHub repository name'],
    ['acme/app name', 'GitHub repository name'],
    ['acme/app*', 'GitHub repository name'],
  ])('rejects %j', (name, rule) => {
    const e = errorOf(() => github.repository(name));
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(rule);
  });

  test('accepts dots, underscores and hyphens in repository names', () => {
    expect(github.repository('acme-inc/app.v2_x').onBranch('main').conditions[0].values).toEqual(['repo:acme-inc/app.v2_x:ref:refs/heads/main']);
  });
});

describe('GitHubActions rules against documented tokens', () => {
  const repo = github.repository('octo-org/octo-repo');

  test('onEnvironment admits the environment job and nothing that merely shares a prefix', () => {
    // GIVEN a policy for the prod environment of octo-org/octo-repo
    const policy = github.trust({ rules: [repo.onEnvironment('prod')] });
    // THEN the documented token gets in and near misses do not
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com' }))).toBe(true);
    expect(allows(policy, token('github-actions', 'environment-prod'))).toBe(false); // aud https://github.com/octo-org
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', sub: 'repo:octo-org/octo-repo:environment:production' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', sub: 'repo:octo-org/octo-repo-evil:environment:prod' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', sub: 'repo:octo-org-evil/octo-repo:environment:prod' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', sub: 'repo:Octo-Org/octo-repo:environment:prod' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', sub: undefined }))).toBe(false);
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(false);
  });

  test('onBranch admits pushes to that branch only', () => {
    const policy = github.trust({ rules: [repo.onBranch('main')] });
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(true);
    expect(allows(policy, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main-old' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'tag'))).toBe(false);
    expect(allows(policy, token('github-actions', 'pull-request'))).toBe(false);
  });

  test('a * or ? in a branch name is literal with onBranch, a wildcard with onBranchMatching', () => {
    const literal = github.trust({ rules: [repo.onBranch('feat*?')] });
    expect(literal.rules[0].conditions[0].operator).toBe(ConditionOperator.EQUALS);
    expect(allows(literal, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/feat*?' }))).toBe(true);
    expect(allows(literal, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/feature1' }))).toBe(false);

    const pattern = github.trust({ rules: [repo.onBranchMatching('release/*')] });
    expect(allows(pattern, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/release/1.2' }))).toBe(true);
    expect(allows(pattern, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/release' }))).toBe(false);
  });

  test('onTag and onTagMatching admit tags, not branches of the same name', () => {
    const policy = github.trust({ rules: [repo.onTagMatching('v*')] });
    expect(allows(policy, token('github-actions', 'tag'))).toBe(true);
    expect(allows(policy, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/v1.2.0' }))).toBe(false);
    expect(github.trust({ rules: [repo.onTag('v1.2.0')] }).rules[0].conditions[0].values).toEqual(['repo:octo-org/octo-repo:ref:refs/tags/v1.2.0']);
  });

  test('colons inside values are written %3A, as GitHub encodes them', () => {
    const rule = repo.onEnvironment('prod:eu');
    expect(rule.conditions[0].values).toEqual(['repo:octo-org/octo-repo:environment:prod%3Aeu']);
    const policy = github.trust({ rules: [rule] });
    // A raw colon cannot forge the structure of the subject.
    expect(allows(policy, token('github-actions', 'push-main', { sub: 'repo:octo-org/octo-repo:environment:prod:eu' }))).toBe(false);
  });

  test('anyRef admits branches and tags but neither pull requests nor environment jobs', () => {
    const policy = github.trust({ rules: [repo.anyRef()] });
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(true);
    expect(allows(policy, token('github-actions', 'tag'))).toBe(true);
    expect(allows(policy, token('github-actions', 'pull-request'))).toBe(false);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com' }))).toBe(false);
    expect(policy.findings.map((f) => f.id)).not.toContain(LintRuleIds.PULL_REQUEST_REACHABLE);
  });

  test('onPullRequest admits pull requests and carries its WT104 acknowledgement', () => {
    const policy = github.trust({ rules: [repo.onPullRequest()] });
    expect(allows(policy, token('github-actions', 'pull-request'))).toBe(true);
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(false);
    const finding = policy.findings.find((f) => f.id === LintRuleIds.PULL_REQUEST_REACHABLE);
    expect(finding?.acknowledgedBecause).toContain('onPullRequest()');
  });
});

describe('GitHubActions pinned repositories', () => {
  const pinned = github.repository('octo-org/octo-repo').pinned({ repositoryId: '74', ownerId: '65' });

  test('pinning adds the immutable IDs and admits both subject forms', () => {
    const rule = pinned.onEnvironment('prod');
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub equals one of ["repo:octo-org/octo-repo:environment:prod", "repo:octo-org@65/octo-repo@74:environment:prod"]',
      'repository_id equals "74"',
      'repository_owner_id equals "65"',
    ]);
    const policy = github.trust({ rules: [rule] });
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com' }))).toBe(true);
    expect(allows(policy, token('github-actions', 'immutable-subject'))).toBe(true);
    // A recreated repository with the same name has a new ID.
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com', repository_id: '75' }))).toBe(false);
    expect(allows(policy, token('github-actions', 'immutable-subject', { sub: 'repo:octo-org@65/octo-repo@75:environment:prod' }))).toBe(false);
    expect(policy.findings.map((f) => f.id)).not.toContain(LintRuleIds.MUTABLE_NAMES_ONLY);
  });

  test('subjectFormat IMMUTABLE_IDS admits only the immutable form', () => {
    const rule = github.repository('octo-org/octo-repo').pinned({ repositoryId: '74', ownerId: '65', subjectFormat: GitHubSubjectFormat.IMMUTABLE_IDS }).onEnvironment('prod');
    const policy = github.trust({ rules: [rule] });
    expect(allows(policy, token('github-actions', 'immutable-subject'))).toBe(true);
    expect(allows(policy, token('github-actions', 'environment-prod', { aud: 'sts.amazonaws.com' }))).toBe(false);
  });

  test('IDs must be numeric', () => {
    const e = errorOf(() => github.repository('octo-org/octo-repo').pinned({ repositoryId: '74*', ownerId: '65' }));
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('"74*"');
  });

  test('unpinned rules get the WT106 warning, without failing', () => {
    const policy = github.trust({ rules: [github.repository('octo-org/octo-repo').onBranch('main')] });
    expect(policy.findings.filter((f) => f.id === LintRuleIds.MUTABLE_NAMES_ONLY)).toHaveLength(1);
  });
});

describe('GitHubActions organisation-wide trust', () => {
  test('allRepositories is explicit, acknowledged as WT107, and still stops at the owner', () => {
    const rule = github.organization('octo-org').allRepositories().onBranch('main');
    expect(rule.conditions[0].values).toEqual(['repo:octo-org/*:ref:refs/heads/main']);
    const policy = github.trust({ rules: [rule] });
    expect(policy.findings.find((f) => f.id === LintRuleIds.TENANT_WIDE)?.acknowledgedBecause).toContain('organization().allRepositories()');
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(true);
    expect(allows(policy, token('github-actions', 'push-main', { sub: 'repo:octo-org-evil/octo-repo:ref:refs/heads/main' }))).toBe(false);
  });

  test('a pinned organisation checks its owner ID', () => {
    const policy = github.trust({ rules: [github.organization('octo-org').pinned({ ownerId: '65' }).allRepositories().onBranch('main')] });
    expect(allows(policy, token('github-actions', 'push-main'))).toBe(true);
    expect(allows(policy, token('github-actions', 'push-main', { repository_owner_id: '66' }))).toBe(false);
  });

  test('a hand-written repo:acme* subject fails with WT102', () => {
    const e = errorOf(() => github.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', 'repo:octo-org*'))] }));
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(LintRuleIds.WILDCARD_CROSSES_TENANT);
  });

  test('a hand-written repo:acme/app:* subject fails with WT104: it admits pull requests', () => {
    const e = errorOf(() => github.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', 'repo:octo-org/octo-repo:*'))] }));
    expect(e.message).toContain(LintRuleIds.PULL_REQUEST_REACHABLE);
  });
});

describe('GitHubActions customised subjects', () => {
  test('rules match the subject include_claim_keys produces', () => {
    const custom = GitHubActions.issuer({ subjectClaimKeys: ['repo', 'context', 'job_workflow_ref'] });
    const repo = custom.repository('octo-org/octo-repo');
    const pinnedWorkflow = custom.trust({ rules: [repo.usingReusableWorkflow('octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main').onEnvironment('prod')] });
    expect(pinnedWorkflow.rules[0].conditions[0].values).toEqual(['repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main']);
    expect(allows(pinnedWorkflow, token('github-actions', 'customised-subject'))).toBe(true);
    expect(allows(pinnedWorkflow, token('github-actions', 'customised-subject', { sub: 'repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/other/.github/workflows/oidc.yml@refs/heads/main' }))).toBe(false);

    // Without a workflow the key's value is left open, after the fixed repository and context.
    const anyWorkflow = custom.trust({ rules: [repo.onEnvironment('prod')] });
    expect(anyWorkflow.rules[0].conditions[0].values).toEqual(['repo:octo-org/octo-repo:environment:prod:job_workflow_ref:*']);
    expect(allows(anyWorkflow, token('github-actions', 'customised-subject'))).toBe(true);
  });

  test('a subject without repo or context gets explicit repository and ref conditions', () => {
    const custom = GitHubActions.issuer({ subjectClaimKeys: ['repository_owner_id'] });
    const rule = custom.repository('octo-org/octo-repo').onBranch('main');
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub like "repository_owner_id:*"',
      'repository equals "octo-org/octo-repo"',
      'ref equals "refs/heads/main"',
    ]);
  });

  test('an invalid include_claim_keys list is refused', () => {
    const e = errorOf(() => GitHubActions.issuer({ subjectClaimKeys: ['repo', 'repo'] }));
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
  });
});

describe('GitHubActions policies', () => {
  test('the DESIGN.md deploy example: pinned prod environment, 30 minutes', () => {
    const deploy = github.trust({
      rules: [github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' }).onEnvironment('prod')],
      maxSession: SessionLifetime.minutes(30),
    });
    expect(deploy.issuer.url).toBe(GitHubActions.GITHUB_COM_URL);
    expect(deploy.admitsTargetDefaultAudience).toBe(true);
    expect(deploy.audiencesFor(['sts.amazonaws.com'])).toEqual(['sts.amazonaws.com']);
    expect(deploy.maxSession.toSeconds()).toBe(1800);
    expect(deploy.findings.filter((f) => f.acknowledgedBecause === undefined)).toEqual([]);
  });
});
