import { BitbucketPipelines, ClaimCondition, ConditionOperator, LintRuleIds, TargetCloud, TrustErrorCode, TrustPolicy, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { errorOf } from '../support/assertions';

const WORKSPACE_UUID = '03b741e3-cf4a-41f9-9a59-cec52e21bdc3';
const REPO = '{d4e45493-4a33-477d-917b-a24e7e4bd39b}';
const OTHER_REPO = '{e5f56504-5b44-488e-a28c-b35f8f5ce40c}';
const ENV = '{7c2a7a8e-2c1b-4a4e-9d61-3f1a0c5b9e21}';
const STEP = '{5f0c2a1e-8b3d-4c6a-9e2f-7a1b0c3d4e5f}';
// The fixtures come from the "atlassian" workspace.
const bitbucket = BitbucketPipelines.issuer({ workspace: 'atlassian', workspaceUuid: `{${WORKSPACE_UUID}}` });
const repo = bitbucket.repository(REPO);

function allows(policy: TrustPolicy, claims: { [k: string]: any }): boolean {
  return policy.evaluate(claims).allowed;
}

describe('BitbucketPipelines issuer', () => {
  test('one issuer per workspace, with the workspace audience as default', () => {
    // WHEN
    const policy = bitbucket.trust({ rules: [repo.anyStep()] });

    // THEN
    expect(bitbucket.url).toBe('https://api.bitbucket.org/2.0/workspaces/atlassian/pipelines-config/identity/oidc');
    expect(bitbucket.sharedIssuer).toBe(false);
    expect(bitbucket.workspaceUuid).toBe(`{${WORKSPACE_UUID}}`);
    expect(bitbucket.defaultAudience).toBe(`ari:cloud:bitbucket::workspace/${WORKSPACE_UUID}`);
    expect(policy.audiences).toEqual([`ari:cloud:bitbucket::workspace/${WORKSPACE_UUID}`]);
    expect(policy.admitsTargetDefaultAudience).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(true);
    expect(policy.evaluate(token('bitbucket-pipelines', 'step', { aud: 'sts.amazonaws.com' }), { targetDefaultAudiences: ['sts.amazonaws.com'] }).allowed).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { iss: 'https://api.bitbucket.org/2.0/workspaces/atlassian-evil/pipelines-config/identity/oidc' }))).toBe(false);
  });

  test('the workspace UUID may be given with or without braces', () => {
    // WHEN
    const bare = BitbucketPipelines.issuer({ workspace: 'atlassian', workspaceUuid: WORKSPACE_UUID });

    // THEN
    expect(bare.defaultAudience).toBe(bitbucket.defaultAudience);
    expect(bare.workspaceUuid).toBe(bitbucket.workspaceUuid);
  });

  test.each([
    ['a workspace with a slash', { workspace: 'acme/x', workspaceUuid: WORKSPACE_UUID }, '"acme/x"'],
    ['an uppercase workspace UUID', { workspace: 'acme', workspaceUuid: WORKSPACE_UUID.toUpperCase() }, 'lowercase UUID'],
    ['a half-braced workspace UUID', { workspace: 'acme', workspaceUuid: `{${WORKSPACE_UUID}` }, 'lowercase UUID'],
  ])('%s is refused', (_what, props, shown) => {
    // WHEN
    const e = errorOf(() => BitbucketPipelines.issuer(props));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(shown);
  });

  test('AWS can check only the generic keys for Bitbucket', () => {
    expect(bitbucket.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
    expect(bitbucket.checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('BitbucketPipelines claim-based rules', () => {
  test('anyStep checks repositoryUuid, with braces, whatever form was given', () => {
    // GIVEN
    const policy = bitbucket.trust({ rules: [bitbucket.repository(REPO.slice(1, -1)).anyStep()] });

    // THEN
    expect(policy.rules[0].conditions.map((c) => c.toString())).toEqual([`repositoryUuid equals "${REPO}"`]);
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'deployment'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { repositoryUuid: OTHER_REPO }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { repositoryUuid: REPO.slice(1, -1) }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { repositoryUuid: REPO.toUpperCase() }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { repositoryUuid: undefined }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('onBranch adds branchName', () => {
    // GIVEN
    const policy = bitbucket.trust({ rules: [repo.onBranch('main')] });

    // THEN
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { branchName: 'main-old' }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { branchName: undefined }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { repositoryUuid: OTHER_REPO }))).toBe(false);
  });

  test('onDeploymentEnvironment adds deploymentEnvironmentUuid', () => {
    // GIVEN
    const policy = bitbucket.trust({ rules: [repo.onDeploymentEnvironment(ENV)] });

    // THEN
    expect(allows(policy, token('bitbucket-pipelines', 'deployment'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'deployment', { deploymentEnvironmentUuid: '{8d3b8b9f-3d2c-4b5f-8e72-4a2b1d6c0f32}' }))).toBe(false);
  });

  test('no rule compares sub exactly: it holds the step UUID and changes on every run', () => {
    // GIVEN
    const rules = [repo.anyStep(), repo.onBranch('main'), repo.onDeploymentEnvironment(ENV), repo.anyStepBySubject(), repo.onDeploymentEnvironmentBySubject(ENV)];

    // THEN
    for (const rule of rules) {
      for (const c of rule.conditionsOn('sub')) expect(c.operator).toBe(ConditionOperator.LIKE);
    }
  });
});

describe('BitbucketPipelines subject-based rules (AWS)', () => {
  test('anyStepBySubject matches the repository at the start of sub', () => {
    // GIVEN
    const rule = repo.anyStepBySubject();
    const policy = bitbucket.trust({ rules: [rule] });

    // THEN only sub is checked, which AWS can see
    expect(rule.claims).toEqual(['sub']);
    expect(rule.conditions[0].values).toEqual([`${REPO}:*`]);
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'deployment'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { sub: `${OTHER_REPO}:${STEP}` }))).toBe(false);
    // The closing brace ends the repository: a longer value cannot share the prefix.
    expect(allows(policy, token('bitbucket-pipelines', 'step', { sub: `${REPO.slice(0, -1)}0}:${STEP}` }))).toBe(false);
    expect(allows(policy, token('bitbucket-pipelines', 'step', { sub: undefined }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('onDeploymentEnvironmentBySubject matches repository and environment', () => {
    // GIVEN
    const policy = bitbucket.trust({ rules: [repo.onDeploymentEnvironmentBySubject(ENV.slice(1, -1))] });

    // THEN
    expect(policy.rules[0].conditions[0].values).toEqual([`${REPO}:${ENV}:*`]);
    expect(allows(policy, token('bitbucket-pipelines', 'deployment'))).toBe(true);
    expect(allows(policy, token('bitbucket-pipelines', 'step'))).toBe(false);
  });
});

describe('BitbucketPipelines lint of hand-written rules', () => {
  test.each([
    ['sub like {d4*', ClaimCondition.like('sub', '{d4*'), LintRuleIds.TENANT_WIDE],
    ['branchName equals main', ClaimCondition.equals('branchName', 'main'), LintRuleIds.NO_SUBJECT_RESTRICTION],
  ])('%s fails with its finding', (_what, condition, id) => {
    // WHEN
    const e = errorOf(() => bitbucket.trust({ rules: [TrustRule.allOf(condition)] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(id);
  });
});
