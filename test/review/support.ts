/**
 * Helpers for the review tests: fixture loading and short, stable summaries of what the review
 * reports, so tests compare a few lines instead of objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { review } from '../../src';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** The parsed fixture. */
export function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** The report of a fixture file, through the path reader. */
export function reviewFixture(name: string): review.TrustReport {
  return review.TrustReview.path(path.join(FIXTURES, name));
}

/** The entry of an identity (by name); fails when there is not exactly one. */
export function entryOf(report: review.TrustReport, name: string): review.TrustEntry {
  const found = report.entries.filter((e) => e.identity.name === name);
  if (found.length !== 1) throw new Error(`expected one entry for ${name}, found ${found.length}: ${report.entries.map((e) => e.identity.name).join(', ')}`);
  return found[0];
}

/** The rules as normalized text; `(no claim condition)` for a way in without conditions. */
export function ruleTexts(entry: review.TrustEntry): string[] {
  return entry.rules.map((r) => (r.rule ? review.RuleNormalization.key(r.rule) : '(no claim condition)'));
}

/** The finding IDs, sorted. */
export function findingIds(entry: { findings: review.ReviewFinding[] }): string[] {
  return entry.findings.map((f) => f.id).sort();
}

/** A one-role CloudFormation template with the given trust statements (and extra resources). */
export function roleTemplate(statements: unknown[], extra: { [id: string]: unknown } = {}, roleProps: { [k: string]: unknown } = {}): any {
  return {
    Resources: {
      ...extra,
      Role: { Type: 'AWS::IAM::Role', Properties: { ...roleProps, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements } } },
    },
  };
}

export const GITHUB_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
export const GH = 'token.actions.githubusercontent.com';

/** A web identity statement for the GitHub provider with the given Condition block. */
export function githubStatement(condition: unknown, extra: { [k: string]: unknown } = {}): any {
  return { Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition, ...extra };
}

/** The only entry of a one-role template with these statements. */
export function reviewStatements(statements: unknown[], extra: { [id: string]: unknown } = {}, roleProps: { [k: string]: unknown } = {}):
review.TrustEntry {
  const report = review.TrustReview.cloudFormation(roleTemplate(statements, extra, roleProps), 'template.json');
  if (report.entries.length !== 1) throw new Error(`expected one entry, got ${report.entries.length}`);
  return report.entries[0];
}

/** A Terraform JSON configuration with one GitHub provider and the given bindings. */
export function googleConfig(provider: { [k: string]: unknown }, resources: { [type: string]: { [name: string]: unknown } } = {}): any {
  return {
    resource: {
      google_iam_workload_identity_pool: { pool: { project: 'p-proj', workload_identity_pool_id: 'ci-pool' } },
      google_iam_workload_identity_pool_provider: {
        gh: {
          project: 'p-proj',
          workload_identity_pool_id: 'ci-pool',
          workload_identity_pool_provider_id: 'github',
          oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' },
          ...provider,
        },
      },
      ...resources,
    },
  };
}

/** A service account binding of `member`. */
export function saBinding(member: string, email = 'deployer@p-proj.iam.gserviceaccount.com'): { [type: string]: { [name: string]: unknown } } {
  return { google_service_account_iam_member: { sa: { service_account_id: `projects/p-proj/serviceAccounts/${email}`, role: 'roles/iam.workloadIdentityUser', member } } };
}

export const POOL_SET = 'principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool';

/** The entries of a Google configuration with one attribute binding. */
export function reviewGoogle(provider: { [k: string]: unknown }, member = `${POOL_SET}/attribute.repository/acme/app`): review.TrustEntry[] {
  return review.TrustReview.terraform(googleConfig(provider, saBinding(member)), 'main.tf.json').entries;
}
