import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { gcp, GitHubActions, GitLab } from '../src';
import { policy as githubDeployPolicy } from './github-deploy';
import { policy as gitlabPolicy } from './gitlab-gcp';
import { platform } from './platform-blueprint';

/**
 * The Google Cloud side of the examples, as one CDKTF app: a pool `ci-pool` in project `acme-ci` with
 * a GitLab provider (service account impersonation) and a GitHub provider (a direct project role).
 */
export function buildGcpApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'workload-trust-gcp');
  new GoogleProvider(stack, 'google', { project: 'acme-ci' });

  const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'acme-ci', poolId: 'ci-pool', displayName: 'CI workloads' });

  const gitlab = pool.addOidcProvider('GitLab', { providerId: 'gitlab', issuer: GitLab.issuer() });
  gitlab.grantServiceAccountImpersonation('deployer@acme-ci.iam.gserviceaccount.com', gitlabPolicy);

  // The GitHub deploy declaration of examples/github-deploy.ts, granted directly on Google Cloud.
  const github = pool.addOidcProvider('GitHub', { providerId: 'github', issuer: GitHubActions.issuer() });
  github.grantProjectRole('acme-ci', 'roles/cloudbuild.builds.editor', githubDeployPolicy);
  // The Google Cloud side of the blueprint examples/platform-blueprint.yaml, in its own stack.
  platform.toGoogle(app);
  return app;
}
