import { App, Environment, Stack } from 'aws-cdk-lib';
import { aws, GitHubActions } from '../src';

/**
 * CloudFormation allows 500 resources per stack. A platform team with hundreds of repositories
 * spreads their roles over stacks (and, across accounts, over CDK stages or StackSets): every
 * stack imports the account's one OIDC provider by issuer, so nothing is created twice.
 */
export const ROLES_PER_STACK = 200;

/** One pinned deploy role per repository `acme/service-<n>`, `ROLES_PER_STACK` per stack. */
export function spreadRoles(app: App, env: Environment, github: GitHubActions, count: number): Stack[] {
  const stacks: Stack[] = [];
  for (let i = 0; i < count; i++) {
    if (i % ROLES_PER_STACK === 0) stacks.push(new Stack(app, `ManyRoles${stacks.length + 1}`, { env }));
    const stack = stacks[stacks.length - 1];
    const provider = stack.node.tryFindChild('GitHub') as aws.ITrustedOidcProvider | undefined ?? aws.OidcProvider.fromIssuer(stack, 'GitHub', github);
    const repository = github.repository(`acme/service-${i}`).pinned({ repositoryId: String(100000 + i), ownerId: '789' });
    new aws.FederatedRole(stack, `Service${i}Deploy`, { provider, trust: github.trust({ rules: [repository.onEnvironment('prod')] }) });
  }
  return stacks;
}
