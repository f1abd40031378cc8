import { App, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { PublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { aws, GitHubActions } from '../src';
import { spreadRoles } from './aws-many-roles';
import { cluster, policy as eksPolicy } from './eks-service-account';
import { policy as githubDeployPolicy } from './github-deploy';
import { platform } from './platform-blueprint';
import { applyPolicy, planPolicy, tfc } from './terraform-cloud';

/**
 * The AWS side of the examples, as one CDK app:
 * - `WorkloadTrustOidc`: the account's GitHub OIDC provider (one per issuer URL per account);
 * - `AcmeAppDeploy`: the deploy role of examples/github-deploy.ts, importing that provider,
 *   with read access to one release artifact;
 * - `PaymentsEks`: the EKS cluster's OIDC provider and the payments-api role of
 *   examples/eks-service-account.ts, reading one DynamoDB table;
 * - `InfraTerraformCloud`: the HCP Terraform OIDC provider and the plan and apply roles of
 *   examples/terraform-cloud.ts, for the records of one Route 53 zone;
 * - `ManyRoles1..N`: many repositories' roles spread over stacks (examples/aws-many-roles.ts);
 * - `acme-platform-<account>-<region>`: the AWS side of the blueprint examples/platform-blueprint.yaml.
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

  buildPaymentsEks(app, env);
  buildInfraTerraformCloud(app, env);
  spreadRoles(app, env, github, 600);
  platform.toAws(app);
  return app;
}

/**
 * The payments-api service account's role. An EKS cluster has its own issuer, so its IAM OIDC
 * provider belongs with the cluster (here, with the role); the pod's AWS SDK finds the role
 * through the service account annotation `eks.amazonaws.com/role-arn`.
 */
function buildPaymentsEks(app: App, env: { account: string; region: string }): Stack {
  const stack = new Stack(app, 'PaymentsEks', { env });
  const provider = new aws.OidcProvider(stack, 'Cluster', { issuer: cluster });
  const role = new aws.FederatedRole(stack, 'PaymentsApiRole', { provider, trust: eksPolicy, roleName: 'payments-api' });
  const ledger = new Table(stack, 'Ledger', {
    partitionKey: { name: 'accountId', type: AttributeType.STRING },
    sortKey: { name: 'entryId', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  // Reads by key only: no Scan, no writes, no other table.
  role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], resources: [ledger.tableArn] }));
  return stack;
}

/**
 * The plan and apply roles of the dns-prod workspace. The provider's client IDs are the roles'
 * audiences (aws.workload.identity); plans read the zone, applies also change its records.
 */
function buildInfraTerraformCloud(app: App, env: { account: string; region: string }): Stack {
  const stack = new Stack(app, 'InfraTerraformCloud', { env });
  const provider = new aws.OidcProvider(stack, 'TerraformCloud', { issuer: tfc });
  const zone = new PublicHostedZone(stack, 'Zone', { zoneName: 'acme.example.com' });
  const readZone = new PolicyStatement({ actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'], resources: [zone.hostedZoneArn] });

  const plan = new aws.FederatedRole(stack, 'PlanRole', { provider, trust: planPolicy, roleName: 'dns-prod-plan' });
  plan.addToPolicy(readZone);

  const apply = new aws.FederatedRole(stack, 'ApplyRole', { provider, trust: applyPolicy, roleName: 'dns-prod-apply' });
  apply.addToPolicy(readZone);
  apply.addToPolicy(new PolicyStatement({ actions: ['route53:ChangeResourceRecordSets'], resources: [zone.hostedZoneArn] }));
  // Terraform waits for each change to reach INSYNC; change IDs are only known once made.
  const changes = stack.formatArn({ service: 'route53', region: '', account: '', resource: 'change', resourceName: '*' });
  apply.addToPolicy(new PolicyStatement({ actions: ['route53:GetChange'], resources: [changes] }));
  Validations.of(apply).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::change/*]',
    reason: 'route53:GetChange only reads the status of a change, and change IDs are not known before the change is made.',
  });
  return stack;
}
