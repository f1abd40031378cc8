// The peer: aws-cdk-github-oidc. It cannot pin repository ids, so its policy is a name-form sub
// (StringLike) plus aud: less to synthesize than ours, which is why it is a fair speed bar.
import { GithubActionsIdentityProvider, GithubActionsRole, IGithubActionsIdentityProvider } from 'aws-cdk-github-oidc';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ACCOUNT, chunked, REGION, repository, ROLES_PER_STACK } from '../layout';

export function synth(n: number, outdir: string): void {
  const app = new App({ outdir });
  let stack!: Stack;
  let provider!: IGithubActionsIdentityProvider;
  chunked(n, ROLES_PER_STACK, (i, chunk, first) => {
    if (first) {
      stack = new Stack(app, `ManyRoles${chunk + 1}`, { env: { account: ACCOUNT, region: REGION } });
      // One provider per account: created in the first stack, imported by ARN in the others.
      provider = chunk === 0 ? new GithubActionsIdentityProvider(stack, 'GitHub') : GithubActionsIdentityProvider.fromAccount(stack, 'GitHub');
    }
    const { owner, repo } = repository(i);
    new GithubActionsRole(stack, `Service${i}Deploy`, {
      provider,
      owner,
      repo,
      filter: 'environment:prod',
      description: 'Assumed with GitHub Actions tokens (1 rule(s), workload-trust)',
      maxSessionDuration: Duration.hours(1),
    });
  });
  app.synth();
}
