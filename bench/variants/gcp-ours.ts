// Ours on Google Cloud: one pool per Terraform stack, a GitHub provider per 50 grants (Google's
// limit), one service account impersonation grant per repository.
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { gcp, GitHubActions } from '../../src';
import { chunked, GCP_PROJECT, GRANTS_PER_PROVIDER, GRANTS_PER_STACK, OWNER_ID, repository } from '../layout';

export function synth(n: number, outdir: string): void {
  const app = new App({ outdir });
  const github = GitHubActions.issuer();
  let pool!: gcp.WorkloadIdentityPool;
  let provider!: gcp.WorkloadIdentityProvider;
  chunked(n, GRANTS_PER_STACK, (i, chunk, first) => {
    if (first) {
      const stack = new TerraformStack(app, `grants-${chunk + 1}`);
      new GoogleProvider(stack, 'google', { project: GCP_PROJECT });
      pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: GCP_PROJECT, poolId: `bench-pool-${chunk + 1}` });
    }
    if (i % GRANTS_PER_PROVIDER === 0) {
      const p = (i % GRANTS_PER_STACK) / GRANTS_PER_PROVIDER;
      provider = pool.addOidcProvider(`GitHub${p}`, { providerId: `github-${p}`, issuer: github });
    }
    const { owner, repo, repositoryId } = repository(i);
    const rule = github.repository(`${owner}/${repo}`).pinned({ repositoryId, ownerId: OWNER_ID }).onEnvironment('prod');
    provider.grantServiceAccountImpersonation(`sa-${i}@${GCP_PROJECT}.iam.gserviceaccount.com`, github.trust({ rules: [rule] }));
  });
  app.synth();
}
