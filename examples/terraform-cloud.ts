import { TerraformCloud } from '../src';
import { Example } from './example';

// HCP Terraform → AWS with one role per run phase (TFC_AWS_PLAN_ROLE_ARN / TFC_AWS_APPLY_ROLE_ARN):
// the workspace acme/Platform/dns-prod manages the records of one Route 53 zone. Every plan,
// speculative plans of pull requests included, gets the read-only role; only confirmed applies
// get the role that changes records.
export const tfc = TerraformCloud.issuer();

/**
 * The audience HCP Terraform puts in AWS tokens unless the workspace sets
 * TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE; it must be a client ID of the account's provider.
 */
export const TFC_AWS_AUDIENCE = 'aws.workload.identity';

const workspace = tfc.workspace({ organization: 'acme', project: 'Platform', workspace: 'dns-prod' });

// The workspace's immutable IDs cannot be pinned here: STS checks only sub (and amr, email, oaud)
// for app.terraform.io and would ignore the ID conditions, so the synth refuses pinned rules.
const namesOnly = {
  findingId: 'WT106',
  reason: 'AWS STS cannot check terraform_workspace_id or terraform_organization_id for app.terraform.io; recreating acme/Platform/dns-prod takes workspace admin rights in acme\'s own organization',
};

export const planPolicy = tfc.trust({ rules: [workspace.planOnly()], audiences: [TFC_AWS_AUDIENCE], acknowledgements: [namesOnly] });
export const applyPolicy = tfc.trust({ rules: [workspace.applyOnly()], audiences: [TFC_AWS_AUDIENCE], acknowledgements: [namesOnly] });

/** A run's token for the plan phase, as HCP Terraform mints it. */
export const PLAN_TOKEN = {
  iss: TerraformCloud.HCP_TERRAFORM_URL,
  aud: TFC_AWS_AUDIENCE,
  sub: 'organization:acme:project:Platform:workspace:dns-prod:run_phase:plan',
  terraform_organization_id: 'org-GRNbCjYNpBB6NEH9',
  terraform_organization_name: 'acme',
  terraform_project_id: 'prj-vegSA59s1XPwMr2t',
  terraform_project_name: 'Platform',
  terraform_workspace_id: 'ws-mbsd5E3Ktt5Rg2Xm',
  terraform_workspace_name: 'dns-prod',
  terraform_full_workspace: 'organization:acme:project:Platform:workspace:dns-prod',
  terraform_run_id: 'run-CKuwsxMGgMd4W7Ui',
  terraform_run_phase: 'plan',
};

/** The same run's token for the apply phase. */
export const APPLY_TOKEN = { ...PLAN_TOKEN, sub: 'organization:acme:project:Platform:workspace:dns-prod:run_phase:apply', terraform_run_phase: 'apply' };

const otherWorkspace = (token: typeof PLAN_TOKEN, organization: string, project: string, name: string) => ({
  ...token,
  sub: `organization:${organization}:project:${project}:workspace:${name}:run_phase:${token.terraform_run_phase}`,
  terraform_organization_name: organization,
  terraform_project_name: project,
  terraform_workspace_name: name,
  terraform_full_workspace: `organization:${organization}:project:${project}:workspace:${name}`,
  terraform_workspace_id: 'ws-3kQpZ7vN2xLc9RtY',
});

export const terraformCloudPlan: Example = {
  name: 'HCP Terraform: acme/Platform/dns-prod plans read the zone',
  policy: planPolicy,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'plan of dns-prod', claims: PLAN_TOKEN, expectAllowed: true },
    { label: 'apply of dns-prod (has its own role)', claims: APPLY_TOKEN, expectAllowed: false },
    { label: 'plan of acme/Platform/dns-staging', claims: otherWorkspace(PLAN_TOKEN, 'acme', 'Platform', 'dns-staging'), expectAllowed: false },
    { label: 'plan of dns-prod in organization acme-evil', claims: { ...otherWorkspace(PLAN_TOKEN, 'acme-evil', 'Platform', 'dns-prod'), terraform_organization_id: 'org-Zx81mPq4LwT6vB2s' }, expectAllowed: false },
    { label: 'plan token with the default STS audience', claims: { ...PLAN_TOKEN, aud: 'sts.amazonaws.com' }, expectAllowed: false },
  ],
};

export const terraformCloudApply: Example = {
  name: 'HCP Terraform: acme/Platform/dns-prod applies change the zone',
  policy: applyPolicy,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'apply of dns-prod', claims: APPLY_TOKEN, expectAllowed: true },
    { label: 'plan of dns-prod (e.g. a speculative plan of a pull request)', claims: PLAN_TOKEN, expectAllowed: false },
    { label: 'apply of dns-prod in project Sandbox', claims: otherWorkspace(APPLY_TOKEN, 'acme', 'Sandbox', 'dns-prod'), expectAllowed: false },
    { label: 'apply of dns-prod in organization acme-evil', claims: { ...otherWorkspace(APPLY_TOKEN, 'acme-evil', 'Platform', 'dns-prod'), terraform_organization_id: 'org-Zx81mPq4LwT6vB2s' }, expectAllowed: false },
    // The acknowledged WT106: on AWS a recreated workspace of the same name inherits the role.
    { label: 'apply of a recreated dns-prod (new workspace ID; names only on AWS, WT106)', claims: { ...APPLY_TOKEN, terraform_workspace_id: 'ws-9hTnB4cXe1RmQ7Lk' }, expectAllowed: true },
  ],
};
