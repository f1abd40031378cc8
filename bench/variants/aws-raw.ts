// The floor: plain aws-cdk-lib with the exact trust policy aws.FederatedRole compiles for a pinned
// environment rule (same aud, both sub forms, repository_id and repository_owner_id).
import { App, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, chunked, OWNER_ID, REGION, repository, ROLES_PER_STACK } from '../layout';

const HOST = 'token.actions.githubusercontent.com';

export function synth(n: number, outdir: string): void {
  const app = new App({ outdir });
  let stack!: Stack;
  chunked(n, ROLES_PER_STACK, (i, chunk, first) => {
    if (first) stack = new Stack(app, `ManyRoles${chunk + 1}`, { env: { account: ACCOUNT, region: REGION } });
    const { owner, repo, repositoryId } = repository(i);
    const providerArn = `arn:${Aws.PARTITION}:iam::${ACCOUNT}:oidc-provider/${HOST}`;
    new iam.Role(stack, `Service${i}Deploy`, {
      assumedBy: new iam.WebIdentityPrincipal(providerArn, {
        StringEquals: {
          [`${HOST}:aud`]: 'sts.amazonaws.com',
          [`${HOST}:sub`]: [`repo:${owner}/${repo}:environment:prod`, `repo:${owner}@${OWNER_ID}/${repo}@${repositoryId}:environment:prod`],
          [`${HOST}:repository_id`]: repositoryId,
          [`${HOST}:repository_owner_id`]: OWNER_ID,
        },
      }),
      description: 'Assumed with GitHub Actions tokens (1 rule(s), workload-trust)',
      maxSessionDuration: Duration.hours(1),
    });
  });
  app.synth();
}
