/**
 * The JSON Schema (draft-07) of blueprint files. `blueprint.schema.json` at the package root is
 * this object, written by `npx projen blueprint-schema`; a test keeps the two equal. Descriptions
 * are what editors show and what validation errors quote as the rule.
 */
import { ACCOUNT, OWNER, PROJECT, REGION, SERVICE_ACCOUNT_ID } from './identifiers';
import { GOOGLE_ID, WORKLOAD_NAME } from './names';

const string = (description: string, extra: object = {}): object => ({ type: 'string', description, ...extra });
const stringList = (description: string, item: object = { type: 'string', minLength: 1 }): object => ({ type: 'array', description, items: item, minItems: 1 });
const object = (description: string, properties: { [name: string]: object }, required: string[] = []): object => ({
  type: 'object', description, properties, required, additionalProperties: false,
});

// The patterns the code API checks, so a file and code follow one rule.
const NAME = GOOGLE_ID.source;
const WORKLOAD_KEY = WORKLOAD_NAME.source;

const ISSUER = object('A token issuer. Its name (the key) is the Google Cloud workload identity provider ID.', {
  type: string('The kind of issuer.', { enum: ['github-actions', 'gitlab', 'terraform-cloud', 'kubernetes', 'oidc'] }),
  enterprise: string('github-actions: the GitHub Enterprise Cloud slug whose customised issuer URL the tokens carry.', { minLength: 1 }),
  host: string('github-actions: a GitHub Enterprise Server host; gitlab: a self-managed GitLab host; terraform-cloud: a Terraform Enterprise host.', { minLength: 1 }),
  url: string('kubernetes and oidc: the issuer URL (the tokens\' iss claim), https.', { pattern: '^https://' }),
}, ['type']);

const CLAIMS = {
  type: 'object',
  description: 'Conditions on claims, all of which must hold: claim name → exactly one of equals (one of the values) or like (one of the glob patterns, * and ?).',
  minProperties: 1,
  additionalProperties: object('A condition on one claim.', {
    equals: stringList('The claim equals one of these values.', { type: 'string' }),
    like: stringList('The claim matches one of these glob patterns (* any run, ? any one character).'),
  }),
};

const RULE = object('One rule: exactly one issuer-specific selector or claims; a token is the workload when any rule holds.', {
  github: object('github-actions: one repository and which of its runs.', {
    repository: string('owner/name of the repository.', { pattern: '^[^/\\s]+/[^/\\s]+$' }),
    repositoryId: string('The repository\'s immutable ID; with ownerId, pins the rule to it (recommended).', { pattern: '^\\d+$' }),
    ownerId: string('The owner\'s immutable ID (with repositoryId).', { pattern: '^\\d+$' }),
    environment: string('Jobs that use this deployment environment.', { minLength: 1 }),
    branch: string('Runs on this branch (exact name).', { minLength: 1 }),
    branchMatching: string('Runs on branches matching this glob.', { minLength: 1 }),
    tag: string('Runs on this tag (exact name).', { minLength: 1 }),
    tagMatching: string('Runs on tags matching this glob.', { minLength: 1 }),
    anyRef: { const: true, description: 'Runs on any branch or tag (not pull requests).' },
    pullRequest: { const: true, description: 'Pull request runs (acknowledged: the rule admits code under review).' },
    reusableWorkflow: string('Only jobs of this reusable workflow (owner/repo/.github/workflows/file.yml@ref).', { minLength: 1 }),
  }, ['repository']),
  gitlab: object('gitlab: one project and which of its pipelines.', {
    project: string('The project path, group/…/project.', { pattern: '^[^/\\s]+(/[^/\\s]+)+$' }),
    projectId: string('The project\'s immutable ID; with namespaceId, pins the rule to it (recommended).', { pattern: '^\\d+$' }),
    namespaceId: string('The namespace\'s immutable ID (with projectId).', { pattern: '^\\d+$' }),
    protectedRefsOnly: { type: 'boolean', description: 'Only pipelines of protected branches and tags.' },
    environment: string('Jobs that deploy to this environment.', { minLength: 1 }),
    branch: string('Pipelines of this branch (exact name).', { minLength: 1 }),
    branchMatching: string('Pipelines of branches matching this glob.', { minLength: 1 }),
    tag: string('Pipelines of this tag (exact name).', { minLength: 1 }),
    tagMatching: string('Pipelines of tags matching this glob.', { minLength: 1 }),
    anyRef: { const: true, description: 'Pipelines of any branch or tag.' },
  }, ['project']),
  terraformCloud: object('terraform-cloud: one workspace and which run phase.', {
    organization: string('The organization name.', { minLength: 1 }),
    project: string('The project name.', { minLength: 1 }),
    workspace: string('The workspace name.', { minLength: 1 }),
    organizationId: string('The organization\'s immutable ID (org-…); with workspaceId, pins the rule.', { minLength: 1 }),
    workspaceId: string('The workspace\'s immutable ID (ws-…), with organizationId.', { minLength: 1 }),
    phase: string('The run phase admitted.', { enum: ['plan', 'apply', 'any'] }),
  }, ['organization', 'project', 'workspace', 'phase']),
  kubernetes: object('kubernetes: one service account.', {
    namespace: string('The namespace.', { minLength: 1 }),
    serviceAccount: string('The service account name.', { minLength: 1 }),
  }, ['namespace', 'serviceAccount']),
  claims: CLAIMS,
  description: string('What the rule admits, for people (reports).', { minLength: 1 }),
  acknowledge: {
    type: 'object',
    description: 'Lint findings accepted for this rule: finding ID (e.g. WT104) → the reason (at least 10 characters).',
    propertyNames: { pattern: '^WT\\d{3}$' },
    additionalProperties: { type: 'string', minLength: 10 },
  },
});

const AWS_ROLE = object('An IAM role the workload may assume.', {
  account: string('The AWS account ID: 12 digits, quoted so YAML keeps it a string.', { pattern: ACCOUNT.source }),
  region: string('The region of the stack that holds the role, e.g. eu-west-1.', { pattern: REGION.source }),
  roleName: string('The role name (default <blueprint>-<workload>).', { pattern: '^[\\w+=,.@-]{1,64}$' }),
  managedPolicyArns: stringList('ARNs of managed policies to attach.', { type: 'string', pattern: '^arn:aws' }),
  permissionsBoundaryArn: string('The ARN of a permissions boundary.', { pattern: '^arn:aws' }),
  inlinePolicies: {
    type: 'object',
    description: 'Inline policies: name → IAM policy document ({ "Version": "2012-10-17", "Statement": [...] }).',
    additionalProperties: { type: 'object', required: ['Statement'], properties: { Version: { type: 'string' }, Statement: { type: 'array', minItems: 1 } } },
  },
}, ['account', 'region']);

const GOOGLE = object('Google Cloud identities the workload may become.', {
  serviceAccounts: {
    type: 'array',
    description: 'Service accounts the workload may impersonate.',
    items: object('A service account.', {
      project: string('The project of the service account.', { pattern: PROJECT.source }),
      accountId: string('The service account ID, before the @ (default: the workload name).', { pattern: SERVICE_ACCOUNT_ID.source }),
      create: { type: 'boolean', description: 'Whether the blueprint creates the service account (default true).' },
      roles: stringList('Project roles granted to the service account in its project.'),
    }, ['project']),
  },
  projectRoles: {
    type: 'array',
    description: 'Project roles granted to the workload\'s tokens directly.',
    items: object('Roles in one project.', {
      project: string('The project.', { pattern: PROJECT.source }),
      roles: stringList('The roles, e.g. roles/storage.objectViewer.'),
    }, ['project', 'roles']),
  },
});

const WORKLOAD = object('A workload: who it is (issuer and rules) and what it may become.', {
  issuer: string('The name of one of the blueprint\'s issuers.', { pattern: NAME }),
  rules: { type: 'array', description: 'The rules; a token is the workload when any rule holds.', items: RULE, minItems: 1 },
  audiences: stringList('Exact audiences to admit on every cloud (default: each cloud\'s default audience).'),
  aws: { type: 'array', description: 'IAM roles the workload may assume.', items: AWS_ROLE },
  google: GOOGLE,
}, ['issuer', 'rules']);

/** The schema object. */
export const BLUEPRINT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'workload-trust blueprint',
  ...object('Workloads declared once, and what each may become on AWS and Google Cloud (workload-trust TrustBlueprint).', {
    name: string('The blueprint name: 4 to 32 lowercase letters, digits and hyphens (stack names, role name prefix, default pool ID).', { pattern: NAME }),
    owner: string('Who owns the blueprint (team or email): 1 to 64 ASCII letters, digits, spaces and _ . : / = + @ -.', { pattern: OWNER.source }),
    maxSessionMinutes: { type: 'integer', minimum: 15, maximum: 720, description: 'The longest lifetime of credentials, in minutes (15 to 720; default 60).' },
    aws: object('AWS settings.', {
      oidcProviders: string('create: the blueprint creates each account\'s OIDC providers; import (default): they exist.', { enum: ['create', 'import'] }),
      providerRegion: string('With oidcProviders: create, the region whose stack creates them (default: the first region of the account).', { pattern: REGION.source }),
      permissionsBoundaryArn: string('The permissions boundary of every role without its own.', { pattern: '^arn:aws' }),
      rolePath: string('The path of every role, e.g. /ci/.', { pattern: '^/([\\x21-\\x7e]*/)?$' }),
      trustPolicySizeQuota: { type: 'integer', minimum: 2048, description: 'The accounts\' role trust policy size quota (L-C07B4B0D).' },
    }),
    google: object('Google Cloud settings (required when a workload has a google target).', {
      project: string('The project of the workload identity pool.', { pattern: PROJECT.source }),
      poolId: string('The pool ID (default: the blueprint name).', { pattern: NAME }),
      lifetimeExtensionParent: string('organizations/ID, folders/ID or projects/ID whose policy lets service account credentials live over 1 hour.', { pattern: '^(organizations|folders|projects)/[^/]+$' }),
    }, ['project']),
    issuers: { type: 'object', description: 'The issuers, by name (4 to 32 lowercase letters, digits and hyphens).', minProperties: 1, propertyNames: { pattern: NAME }, additionalProperties: ISSUER },
    workloads: { type: 'object', description: 'The workloads, by name (2 to 31 lowercase letters, digits and hyphens).', minProperties: 1, propertyNames: { pattern: WORKLOAD_KEY }, additionalProperties: WORKLOAD },
  }, ['name', 'owner', 'issuers', 'workloads']),
};
