/**
 * Size: the readers index resources by logical ID or address and make one pass over the input, so
 * a template of thousands of roles is reviewed in full. (No timing is asserted; the benchmark
 * measures speed.)
 */
import { GH, POOL_SET } from './support';
import { review } from '../../src';

const ROLES = 2000;

function manyRoles(): any {
  const resources: { [id: string]: unknown } = {
    GitHub: { Type: 'AWS::IAM::OIDCProvider', Properties: { Url: `https://${GH}`, ClientIdList: ['sts.amazonaws.com'] } },
  };
  for (let i = 0; i < ROLES; i++) {
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `deploy-${i}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { Ref: 'GitHub' } },
            Condition: {
              StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:sub`]: `repo:acme/service-${i}:environment:prod`, [`${GH}:repository_id`]: `${100000 + i}`, [`${GH}:repository_owner_id`]: '789' },
            },
          }],
        },
      },
    };
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket' };
  }
  return { Resources: resources };
}

test(`a template with ${ROLES} federated roles: every role is reported, each exactly`, () => {
  const report = review.TrustReview.cloudFormation(manyRoles(), 'many.template.json');
  expect(report.entries).toHaveLength(ROLES);
  expect(new Set(report.entries.map((e) => e.identity.roleName)).size).toBe(ROLES);
  expect(report.entries.every((e) => e.exact && e.findings.length === 0 && e.provider?.address === 'GitHub')).toBe(true);
  expect(review.RuleNormalization.key(report.entries[1999].rules[0].rule!)).toBe('repository_id equals "101999" AND repository_owner_id equals "789" AND sub equals "repo:acme/service-1999:environment:prod"');
});

test(`a configuration with ${ROLES} bindings through one provider: every binding is reported`, () => {
  const members: { [name: string]: unknown } = {};
  for (let i = 0; i < ROLES; i++) {
    members[`sa${i}`] = { service_account_id: `projects/p/serviceAccounts/sa-${i}@p.iam.gserviceaccount.com`, role: 'roles/iam.workloadIdentityUser', member: `${POOL_SET}/attribute.repository_id/${i}` };
  }
  const config = {
    resource: {
      google_iam_workload_identity_pool: { pool: { project: 'p', workload_identity_pool_id: 'ci-pool' } },
      google_iam_workload_identity_pool_provider: {
        gh: {
          project: 'p',
          workload_identity_pool_id: 'ci-pool',
          workload_identity_pool_provider_id: 'github',
          attribute_condition: 'assertion.repository_owner_id == "789" && assertion.ref == "refs/heads/main"',
          attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.repository_id': 'assertion.repository_id' },
          oidc: { issuer_uri: `https://${GH}` },
        },
      },
      google_service_account_iam_member: members,
    },
  };
  const report = review.TrustReview.terraform(config, 'many.tf.json');
  expect(report.entries).toHaveLength(ROLES);
  expect(report.entries.every((e) => e.exact && e.rules.length === 1)).toBe(true);
  expect(review.RuleNormalization.key(report.entries[7].rules[0].rule!)).toBe('ref equals "refs/heads/main" AND repository_id equals "7" AND repository_owner_id equals "789"');
});
