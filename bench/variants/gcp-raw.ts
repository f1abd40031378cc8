// The Google floor: raw @cdktf/provider-google resources with a hand-built CEL condition per
// provider (OR of each repository's pinned checks) and one impersonation binding per grant on the
// repository_id attribute. Same stacks, pools and providers as gcp-ours.
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { App, TerraformStack } from 'cdktf';
import { chunked, GCP_PROJECT, GRANTS_PER_PROVIDER, GRANTS_PER_STACK, OWNER_ID, repository } from '../layout';

function condition(i: number): string {
  const { owner, repo, repositoryId } = repository(i);
  const subs = [`repo:${owner}/${repo}:environment:prod`, `repo:${owner}@${OWNER_ID}/${repo}@${repositoryId}:environment:prod`];
  return `(assertion.repository_id == "${repositoryId}" && assertion.repository_owner_id == "${OWNER_ID}" && assertion.sub in [${subs.map((s) => `"${s}"`).join(', ')}])`;
}

export function synth(n: number, outdir: string): void {
  const app = new App({ outdir });
  chunked(n, GRANTS_PER_STACK, (_i, chunk, first) => {
    if (!first) return;
    const stack = new TerraformStack(app, `grants-${chunk + 1}`);
    new GoogleProvider(stack, 'google', { project: GCP_PROJECT });
    const pool = new IamWorkloadIdentityPool(stack, 'Pool', { project: GCP_PROJECT, workloadIdentityPoolId: `bench-pool-${chunk + 1}` });
    const from = chunk * GRANTS_PER_STACK;
    const to = Math.min(n, from + GRANTS_PER_STACK);
    for (let start = from, p = 0; start < to; start += GRANTS_PER_PROVIDER, p++) {
      const grants = Array.from({ length: Math.min(GRANTS_PER_PROVIDER, to - start) }, (_, k) => start + k);
      new IamWorkloadIdentityPoolProvider(stack, `GitHub${p}`, {
        project: GCP_PROJECT,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: `github-${p}`,
        oidc: { issuerUri: 'https://token.actions.githubusercontent.com' },
        attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository_id': 'assertion.repository_id' },
        attributeCondition: grants.map(condition).join(' || '),
      });
      for (const i of grants) {
        new ServiceAccountIamMember(stack, `Grant${i}`, {
          serviceAccountId: `projects/${GCP_PROJECT}/serviceAccounts/sa-${i}@${GCP_PROJECT}.iam.gserviceaccount.com`,
          role: 'roles/iam.workloadIdentityUser',
          member: `principalSet://iam.googleapis.com/${pool.name}/attribute.repository_id/${repository(i).repositoryId}`,
        });
      }
    }
  });
  app.synth();
}
