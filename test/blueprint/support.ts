import { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { blueprint, GitHubActions, SessionLifetime } from '../../src';

export const GITHUB = GitHubActions.issuer();
export const PROD_ACCOUNT = '111111111111';
export const DR_ACCOUNT = '222222222222';

/** A GitHub Actions token of one repository's prod environment. */
export function githubToken(repository: string, repositoryId: string, overrides: { [claim: string]: any } = {}): { [claim: string]: any } {
  const [owner] = repository.split('/');
  return {
    iss: GitHubActions.GITHUB_COM_URL,
    aud: 'sts.amazonaws.com',
    sub: `repo:${repository}:environment:prod`,
    repository,
    repository_id: repositoryId,
    repository_owner: owner,
    repository_owner_id: '789',
    environment: 'prod',
    ref: 'refs/heads/main',
    event_name: 'push',
    ...overrides,
  };
}

/**
 * The blueprint of examples/platform-blueprint.yaml, written with the code API: three repositories,
 * two AWS accounts, Google Cloud service accounts and direct project roles.
 */
export function platformBlueprint(props: Partial<blueprint.TrustBlueprintProps> = {}): blueprint.TrustBlueprint {
  const bp = new blueprint.TrustBlueprint({
    name: 'acme-platform',
    owner: 'platform-team',
    maxSession: SessionLifetime.minutes(30),
    aws: { oidcProviders: blueprint.OidcProviderMode.CREATE },
    google: { project: 'acme-platform-ci' },
    ...props,
  });
  const github = bp.addIssuer('github', GITHUB);
  const repo = (name: string, id: string) => GITHUB.repository(`acme/${name}`).pinned({ repositoryId: id, ownerId: '789' });
  bp.addWorkload('web-prod', { issuer: github, rules: [repo('web', '200001').onEnvironment('prod')] })
    .addAwsRole({
      account: PROD_ACCOUNT,
      region: 'eu-west-1',
      inlinePolicies: {
        'invalidate-cdn': PolicyDocument.fromJson({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'cloudfront:CreateInvalidation', Resource: 'arn:aws:cloudfront::111111111111:distribution/E2EXAMPLE' }],
        }),
      },
    })
    .addGoogleProjectRoles({ project: 'acme-web-prod', roles: ['roles/firebasehosting.admin'] });
  bp.addWorkload('api-prod', { issuer: github, rules: [repo('api', '200002').onEnvironment('prod')] })
    .addAwsRole({ account: PROD_ACCOUNT, region: 'eu-west-1', managedPolicyArns: ['arn:aws:iam::111111111111:policy/api-deploy'] })
    .addAwsRole({ account: DR_ACCOUNT, region: 'us-east-1', managedPolicyArns: ['arn:aws:iam::222222222222:policy/api-deploy'] })
    .addGoogleServiceAccount({ project: 'acme-api-prod', accountId: 'api-deployer', roles: ['roles/run.developer'] });
  bp.addWorkload('data-pipeline', { issuer: github, rules: [repo('data-pipeline', '200003').onBranch('main')] })
    .addGoogleServiceAccount({ project: 'acme-data', accountId: 'pipeline-runner', roles: ['roles/bigquery.jobUser', 'roles/dataflow.developer'] });
  return bp;
}
