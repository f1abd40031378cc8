import { App, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { aws, GitHubActions } from '../src';
import { spreadRoles } from './aws-many-roles';
import { policy as githubDeployPolicy } from './github-deploy';

/**
 * The AWS side of the examples, as one CDK app:
 * - `WorkloadTrustOidc`: the account's GitHub OIDC provider (one per issuer URL per account);
 * - `AcmeAppDeploy`: the deploy role of examples/github-deploy.ts, importing that provider,
 *   with read access to one release artifact;
 * - `ManyRoles1..N`: many repositories' roles spread over stacks (examples/aws-many-roles.ts).
 */
export function buildAwsApp(outdir: string): App {
  const app = new App({ outdir });
  const env = { account: '123456789012', region: 'eu-west-1' };
  const github = GitHubActions.issuer();

  const oidc = new Stack(app, 'WorkloadTrustOidc', { env });
  new aws.OidcProvider(oidc, 'GitHub', { issuer: github, clientIds: ['sts.amazonaws.com'] });

  const deploy = new Stack(app, 'AcmeAppDeploy', { env });
  const provider = aws.OidcProvider.fromIssuer(deploy, 'GitHub', github);
  const role = new aws.FederatedRole(deploy, 'DeployRole', { provider, trust: githubDeployPolicy, roleName: 'acme-app-deploy' });
  const artifacts = new Bucket(deploy, 'Artifacts', {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
  });
  Validations.of(artifacts).acknowledge({ id: 'AwsSolutions-S1', reason: 'Example bucket: access is audited through CloudTrail data events, not server access logs.' });
  // The role is an iam.Role: least-privilege statements and grants work as usual.
  role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [artifacts.arnForObjects('releases/app.zip')] }));

  spreadRoles(app, env, github, 600);
  return app;
}
