/** Small hand-written templates and configurations for the review testing helpers. */

export const GH = 'token.actions.githubusercontent.com';
export const GITHUB_ARN = `arn:aws:iam::123456789012:oidc-provider/${GH}`;
export const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };
export const IDS = { [`${GH}:repository_id`]: '123456', [`${GH}:repository_owner_id`]: '789' };
export const PROD_SUB = { [`${GH}:sub`]: 'repo:acme/app:environment:prod' };

/** A web identity statement for the GitHub provider with this Condition block. */
export function statement(condition: unknown): any {
  return { Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition };
}

/** An `AWS::IAM::Role` resource with these statements. */
export function role(statements: unknown[], props: { [key: string]: unknown } = {}): any {
  return { Type: 'AWS::IAM::Role', Properties: { ...props, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements } } };
}

/** A template of these resources. */
export function template(resources: { [id: string]: unknown }): any {
  return { Resources: resources };
}

export const POOL_SET = 'principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool';
export const DEPLOYER = 'deployer@my-proj.iam.gserviceaccount.com';

/** Terraform JSON with one pool, one GitHub provider (these settings) and these extra resources. */
export function googleConfig(provider: { [key: string]: unknown }, resources: { [type: string]: { [name: string]: unknown } } = {}): any {
  return {
    resource: {
      google_iam_workload_identity_pool: { pool: { project: 'my-proj', workload_identity_pool_id: 'ci-pool' } },
      google_iam_workload_identity_pool_provider: {
        github: {
          project: 'my-proj',
          workload_identity_pool_id: 'ci-pool',
          workload_identity_pool_provider_id: 'github',
          attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.repository_id': 'assertion.repository_id' },
          oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' },
          ...provider,
        },
      },
      ...resources,
    },
  };
}

/** A service account binding of the member. */
export function saBinding(member: string, email = DEPLOYER): { [type: string]: { [name: string]: unknown } } {
  return { google_service_account_iam_member: { deployer: { service_account_id: `projects/my-proj/serviceAccounts/${email}`, role: 'roles/iam.workloadIdentityUser', member } } };
}

export const OWNER_CONDITION = 'assertion.repository_owner_id == "789" && assertion.sub == "repo:acme/app:environment:prod"';
