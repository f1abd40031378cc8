import { ClaimCondition, ConditionOperator, LintRuleIds, TargetCloud, TerraformCloud, TrustErrorCode, TrustPolicy, TrustRule } from '../../src';
import { token } from '../fixtures/tokens';
import { errorOf } from '../support/assertions';

/** HCP Terraform's default audience for AWS dynamic credentials (the fixtures carry it). */
const AWS_AUDIENCE = 'aws.workload.identity';
const tfc = TerraformCloud.issuer();
const workspace = tfc.workspace({ organization: 'my-org', project: 'Default Project', workspace: 'my-workspace' });

function allows(policy: TrustPolicy, claims: { [k: string]: any }): boolean {
  return policy.evaluate(claims).allowed;
}

/** The documented apply token of another organization, project or workspace. */
function applyOf(organization: string, project: string, ws: string): { [k: string]: any } {
  return token('terraform-cloud', 'apply', {
    sub: `organization:${organization}:project:${project}:workspace:${ws}:run_phase:apply`,
    terraform_organization_name: organization,
    terraform_project_name: project,
    terraform_workspace_name: ws,
  });
}

describe('TerraformCloud issuer URLs', () => {
  test('HCP Terraform, HCP Terraform Europe and Terraform Enterprise issuers', () => {
    expect(TerraformCloud.issuer().url).toBe('https://app.terraform.io');
    expect(TerraformCloud.issuer().url).toBe(TerraformCloud.HCP_TERRAFORM_URL);
    expect(TerraformCloud.eu().url).toBe('https://app.eu.terraform.io');
    expect(TerraformCloud.eu().url).toBe(TerraformCloud.HCP_TERRAFORM_EU_URL);
    expect(TerraformCloud.enterprise('tfe.example.com').url).toBe('https://tfe.example.com');
    expect(TerraformCloud.issuer().sharedIssuer).toBe(true);
  });

  test('a Terraform Enterprise host with a scheme is refused', () => {
    // WHEN
    const e = errorOf(() => TerraformCloud.enterprise('https://tfe.example.com'));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('"https://tfe.example.com"');
  });

  test('AWS checks only the generic claims for HCP Terraform', () => {
    expect(tfc.checkableClaims(TargetCloud.AWS)).toEqual(['sub', 'amr', 'email', 'oaud']);
    expect(tfc.checkableClaims(TargetCloud.GOOGLE_CLOUD)).toBeUndefined();
  });
});

describe('TerraformCloud names and IDs', () => {
  test.each([
    ['organization with a space', { organization: 'my org', project: 'Default Project', workspace: 'ws' }, 'organization name'],
    ['organization with a colon', { organization: 'my-org:x', project: 'Default Project', workspace: 'ws' }, 'organization name'],
    ['project with a colon', { organization: 'my-org', project: 'Default:Project', workspace: 'ws' }, 'project name'],
    ['project with a leading space', { organization: 'my-org', project: ' Default Project', workspace: 'ws' }, 'project name'],
    ['project with a wildcard', { organization: 'my-org', project: 'Default*', workspace: 'ws' }, 'project name'],
    ['workspace with a slash', { organization: 'my-org', project: 'Default Project', workspace: 'my/ws' }, 'workspace name'],
    ['workspace of 91 characters', { organization: 'my-org', project: 'Default Project', workspace: 'w'.repeat(91) }, 'workspace name'],
  ])('a %s is refused', (_what, props, what) => {
    // WHEN
    const e = errorOf(() => tfc.workspace(props));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(what);
    expect(e.message).toContain('Fix:');
  });

  test.each([
    [{ workspaceId: 'mbsd5E3Ktt5Rg2Xm', organizationId: 'org-GRNbCjYNpBB6NEH9' }, '"mbsd5E3Ktt5Rg2Xm"'],
    [{ workspaceId: 'ws-mbsd5E3Ktt5Rg2Xm', organizationId: 'ws-GRNbCjYNpBB6NEH9' }, '"ws-GRNbCjYNpBB6NEH9"'],
    [{ workspaceId: 'ws-*', organizationId: 'org-GRNbCjYNpBB6NEH9' }, '"ws-*"'],
  ])('IDs %j are refused', (ids, shown) => {
    // WHEN
    const e = errorOf(() => workspace.pinned(ids));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain(shown);
  });
});

describe('TerraformCloud rules against documented tokens', () => {
  test('planOnly and applyOnly split the phases of one run', () => {
    // GIVEN
    const plan = tfc.trust({ rules: [workspace.planOnly()], audiences: [AWS_AUDIENCE] });
    const apply = tfc.trust({ rules: [workspace.applyOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(plan.rules[0].conditions.map((c) => c.toString())).toEqual(['sub equals "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:plan"']);
    expect(allows(plan, token('terraform-cloud', 'plan'))).toBe(true);
    expect(allows(plan, token('terraform-cloud', 'apply'))).toBe(false);
    expect(allows(apply, token('terraform-cloud', 'apply'))).toBe(true);
    expect(allows(apply, token('terraform-cloud', 'plan'))).toBe(false);
  });

  test('anyRunPhase admits both phases with exact subjects', () => {
    // GIVEN
    const policy = tfc.trust({ rules: [workspace.anyRunPhase()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(policy.rules[0].conditions[0].operator).toBe(ConditionOperator.EQUALS);
    expect(policy.rules[0].conditions[0].values).toHaveLength(2);
    expect(allows(policy, token('terraform-cloud', 'plan'))).toBe(true);
    expect(allows(policy, token('terraform-cloud', 'apply'))).toBe(true);
    expect(allows(policy, token('terraform-cloud', 'apply', { sub: 'organization:my-org:project:Default Project:workspace:my-workspace:run_phase:destroy' }))).toBe(false);
  });

  test('near misses stay out: other workspace, organization, project, case, audience, missing subject', () => {
    // GIVEN
    const policy = tfc.trust({ rules: [workspace.applyOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(allows(policy, applyOf('my-org', 'Default Project', 'my-workspace-evil'))).toBe(false);
    expect(allows(policy, applyOf('my-org-evil', 'Default Project', 'my-workspace'))).toBe(false);
    expect(allows(policy, applyOf('my-org', 'Other Project', 'my-workspace'))).toBe(false);
    expect(allows(policy, applyOf('My-Org', 'Default Project', 'my-workspace'))).toBe(false);
    expect(allows(policy, applyOf('my-org', 'default project', 'my-workspace'))).toBe(false);
    expect(allows(policy, token('terraform-cloud', 'apply', { sub: undefined }))).toBe(false);
    expect(allows(policy, token('terraform-cloud', 'apply', { aud: 'sts.amazonaws.com' }))).toBe(false);
    expect(allows(policy, token('terraform-cloud', 'apply', { iss: 'https://app.eu.terraform.io' }))).toBe(false);
  });

  test('the EU issuer judges its own tokens', () => {
    // GIVEN
    const eu = TerraformCloud.eu();
    const policy = eu.trust({ rules: [eu.workspace({ organization: 'my-org', project: 'Default Project', workspace: 'my-workspace' }).applyOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(allows(policy, token('terraform-cloud', 'apply', { iss: 'https://app.eu.terraform.io' }))).toBe(true);
    expect(allows(policy, token('terraform-cloud', 'apply'))).toBe(false);
  });
});

describe('TerraformCloud pinned workspaces', () => {
  test('pinning adds the workspace and organization IDs', () => {
    // GIVEN
    const rule = workspace.pinned({ workspaceId: 'ws-mbsd5E3Ktt5Rg2Xm', organizationId: 'org-GRNbCjYNpBB6NEH9' }).applyOnly();
    const policy = tfc.trust({ rules: [rule], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(rule.conditions.map((c) => c.toString())).toEqual([
      'sub equals "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:apply"',
      'terraform_workspace_id equals "ws-mbsd5E3Ktt5Rg2Xm"',
      'terraform_organization_id equals "org-GRNbCjYNpBB6NEH9"',
    ]);
    expect(allows(policy, token('terraform-cloud', 'apply'))).toBe(true);
    // A recreated workspace with the same name has a new ID.
    expect(allows(policy, token('terraform-cloud', 'apply', { terraform_workspace_id: 'ws-NEWNEWNEWNEW' }))).toBe(false);
    expect(allows(policy, token('terraform-cloud', 'apply', { terraform_organization_id: undefined }))).toBe(false);
    expect(policy.findings).toEqual([]);
  });

  test('unpinned rules get the WT106 warning, without failing', () => {
    // WHEN
    const policy = tfc.trust({ rules: [workspace.applyOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.MUTABLE_NAMES_ONLY]);
  });
});

describe('TerraformCloud organization-wide trust', () => {
  test('allWorkspaces is explicit, acknowledged as WT107, and stops at the organization', () => {
    // GIVEN
    const rule = tfc.organization('my-org').allWorkspaces().applyOnly();
    const policy = tfc.trust({ rules: [rule], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(rule.conditions[0].values).toEqual(['organization:my-org:project:*:workspace:*:run_phase:apply']);
    expect(policy.findings.find((f) => f.id === LintRuleIds.TENANT_WIDE)?.acknowledgedBecause).toContain('organization().allWorkspaces()');
    expect(allows(policy, token('terraform-cloud', 'apply'))).toBe(true);
    expect(allows(policy, applyOf('my-org', 'Networking', 'vpc-prod'))).toBe(true);
    expect(allows(policy, applyOf('my-org-evil', 'Default Project', 'my-workspace'))).toBe(false);
    expect(allows(policy, token('terraform-cloud', 'plan'))).toBe(false);
  });

  test('allWorkspacesInProject stops at the project', () => {
    // GIVEN
    const policy = tfc.trust({ rules: [tfc.organization('my-org').allWorkspacesInProject('Default Project').planOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(policy.findings.find((f) => f.id === LintRuleIds.TENANT_WIDE)?.acknowledgedBecause).toContain('allWorkspacesInProject()');
    expect(allows(policy, token('terraform-cloud', 'plan'))).toBe(true);
    expect(allows(policy, token('terraform-cloud', 'plan', { sub: 'organization:my-org:project:Default Project 2:workspace:my-workspace:run_phase:plan' }))).toBe(false);
  });

  test('a pinned organization checks its ID and clears WT106', () => {
    // GIVEN
    const policy = tfc.trust({ rules: [tfc.organization('my-org').pinned({ organizationId: 'org-GRNbCjYNpBB6NEH9' }).allWorkspaces().applyOnly()], audiences: [AWS_AUDIENCE] });

    // THEN
    expect(allows(policy, token('terraform-cloud', 'apply'))).toBe(true);
    expect(allows(policy, token('terraform-cloud', 'apply', { terraform_organization_id: 'org-other' }))).toBe(false);
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.TENANT_WIDE]);
  });

  test('pinned() refuses an organization-wide builder', () => {
    // WHEN
    const e = errorOf(() => tfc.organization('my-org').allWorkspaces().pinned({ workspaceId: 'ws-mbsd5E3Ktt5Rg2Xm', organizationId: 'org-GRNbCjYNpBB6NEH9' }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.INVALID_IDENTIFIER);
    expect(e.message).toContain('all workspaces of "my-org"');
  });
});

describe('TerraformCloud lint of hand-written rules', () => {
  test.each([
    ['sub like organization:my-org*', ClaimCondition.like('sub', 'organization:my-org*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    ['sub like organization:my-org:*', ClaimCondition.like('sub', 'organization:my-org:*'), LintRuleIds.TENANT_WIDE],
    ['terraform_organization_name like my-org*', ClaimCondition.like('terraform_organization_name', 'my-org*'), LintRuleIds.WILDCARD_CROSSES_TENANT],
    // Workspace names are unique only inside an organization.
    ['terraform_workspace_name equals my-workspace', ClaimCondition.equals('terraform_workspace_name', 'my-workspace'), LintRuleIds.NO_SUBJECT_RESTRICTION],
  ])('%s fails with its finding', (_what, condition, id) => {
    // WHEN
    const e = errorOf(() => tfc.trust({ rules: [TrustRule.allOf(condition)], audiences: [AWS_AUDIENCE] }));

    // THEN
    expect(e.code).toBe(TrustErrorCode.UNACKNOWLEDGED_FINDINGS);
    expect(e.message).toContain(id);
  });

  test('organization name plus workspace name pins the workspace', () => {
    // WHEN
    const policy = tfc.trust({
      rules: [TrustRule.allOf(ClaimCondition.equals('terraform_organization_name', 'my-org'), ClaimCondition.equals('terraform_workspace_name', 'my-workspace'))],
      audiences: [AWS_AUDIENCE],
    });

    // THEN
    expect(policy.findings.map((f) => f.id)).toEqual([LintRuleIds.MUTABLE_NAMES_ONLY]);
    expect(allows(policy, token('terraform-cloud', 'plan'))).toBe(true);
  });
});
