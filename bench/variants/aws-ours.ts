// Ours: aws.FederatedRole with a pinned GitHub repository rule, every stack importing the provider
// by issuer (as examples/aws-many-roles.ts does).
import { App, Stack } from 'aws-cdk-lib';
import { aws, GitHubActions } from '../../src';
import { ACCOUNT, chunked, OWNER_ID, REGION, repository, ROLES_PER_STACK } from '../layout';

export function synth(n: number, outdir: string): void {
  const app = new App({ outdir });
  const github = GitHubActions.issuer();
  let stack!: Stack;
  let provider!: aws.ITrustedOidcProvider;
  chunked(n, ROLES_PER_STACK, (i, chunk, first) => {
    if (first) {
      stack = new Stack(app, `ManyRoles${chunk + 1}`, { env: { account: ACCOUNT, region: REGION } });
      provider = aws.OidcProvider.fromIssuer(stack, 'GitHub', github);
    }
    const { owner, repo, repositoryId } = repository(i);
    const rule = github.repository(`${owner}/${repo}`).pinned({ repositoryId, ownerId: OWNER_ID }).onEnvironment('prod');
    new aws.FederatedRole(stack, `Service${i}Deploy`, { provider, trust: github.trust({ rules: [rule] }) });
  });
  app.synth();
}
