import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { App as TfApp, TerraformStack } from 'cdktf';
import { fixture, FIXTURES, ruleTexts } from './support';
import { aws, gcp, GitHubActions, review } from '../../src';
import { errorOf } from '../support/assertions';

const github = GitHubActions.issuer();
const trust = () => github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] });

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wt-review-'));
}

describe('review.TrustReview.path', () => {
  test('a cdk.out directory: every stack of the manifest, nested stages included', () => {
    // GIVEN an app synthesized to a temporary cdk.out, with a stack in a stage
    const outdir = tmp();
    const app = new App({ outdir });
    const stack = new Stack(app, 'Top', { env: { account: '123456789012', region: 'eu-west-1' } });
    const provider = new aws.OidcProvider(stack, 'GitHub', { issuer: github });
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: trust() });
    const stage = new Stage(app, 'Prod');
    const inner = new Stack(stage, 'Inner', { env: { account: '123456789012', region: 'eu-west-1' } });
    new aws.FederatedRole(inner, 'Deploy', { provider: aws.OidcProvider.fromIssuer(inner, 'GitHub', github), trust: trust() });
    app.synth();

    // WHEN
    const report = review.TrustReview.path(outdir);

    // THEN
    const federated = report.entries.filter((e) => e.federated);
    const files = federated.map((e) => path.relative(outdir, e.source.file)).sort();
    expect(files).toEqual(['Top.template.json', expect.stringMatching(/^assembly-Prod[/\\]ProdInner[0-9A-F]{8}\.template\.json$/)]);
    for (const e of federated) {
      expect(ruleTexts(e)).toEqual(['repository_id equals "1" AND repository_owner_id equals "2" AND sub equals one of ["repo:acme/app:environment:prod", "repo:acme@2/app@1:environment:prod"]']);
      expect(e.findings).toEqual([]);
    }
    expect(report.files.map((f) => path.relative(outdir, f)).sort()).toEqual(files);
  });

  test('a cdktf.out directory: every stack of the manifest', () => {
    const outdir = tmp();
    const app = new TfApp({ outdir });
    const stack = new TerraformStack(app, 'gcp');
    new GoogleProvider(stack, 'google', { project: 'p-proj' });
    const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'p-proj', poolId: 'ci-pool' });
    pool.addOidcProvider('GitHub', { providerId: 'github', issuer: github }).grantServiceAccountImpersonation('deployer@p-proj.iam.gserviceaccount.com', trust());
    app.synth();

    const report = review.TrustReview.path(outdir);

    expect(report.entries.map((e) => [e.identity.name, e.issuerUrl])).toEqual([['deployer@p-proj.iam.gserviceaccount.com', 'https://token.actions.githubusercontent.com']]);
    expect(report.files).toEqual([path.join(outdir, 'stacks', 'gcp', 'cdk.tf.json')]);
    expect(report.entries[0].exact).toBe(true);
  });

  test('a directory of templates and Terraform JSON files, and single files', () => {
    const dir = tmp();
    fs.copyFileSync(path.join(FIXTURES, 'github-docs-oidc-in-aws.template.json'), path.join(dir, 'b.template.json'));
    fs.copyFileSync(path.join(FIXTURES, 'gh-oidc-google.tf.json'), path.join(dir, 'a.tf.json'));
    fs.writeFileSync(path.join(dir, 'notes.json'), '{"not":"reviewed"}');
    const report = review.TrustReview.path(dir);
    expect(report.files.map((f) => path.basename(f))).toEqual(['a.tf.json', 'b.template.json']);
    expect(report.entries).toHaveLength(5);
    expect(review.TrustReview.paths([path.join(dir, 'b.template.json'), path.join(dir, 'a.tf.json')]).entries).toHaveLength(5);
    expect(review.reviewPath(path.join(dir, 'a.tf.json')).entries).toHaveLength(2);
  });

  test('the *.tf.json files of one directory are one Terraform module', () => {
    // GIVEN the pool and provider in one file, the binding in another
    const dir = tmp();
    const config = fixture('gh-oidc-google.tf.json');
    const { google_service_account_iam_member: bindings, ...rest } = config.resource;
    fs.writeFileSync(path.join(dir, 'pool.tf.json'), JSON.stringify({ resource: rest }));
    fs.writeFileSync(path.join(dir, 'iam.tf.json'), JSON.stringify({ resource: { google_service_account_iam_member: bindings } }));

    // WHEN
    const report = review.TrustReview.path(dir);

    // THEN
    expect(report.files.map((f) => path.basename(f))).toEqual(['iam.tf.json', 'pool.tf.json']);
    expect(report.entries).toHaveLength(2);
    const e = report.entries[0];
    expect(ruleTexts(e)).toEqual(['repository equals "octo-org/octo-repo" AND repository_owner equals "octo-org"']);
    expect(path.basename(e.source.file)).toBe('iam.tf.json');
    expect(path.basename(e.rules[0].source.file)).toBe('pool.tf.json');
  });

  test('a missing path: ReviewMissingPath naming it', () => {
    expect(errorOf(() => review.TrustReview.path('/nonexistent/cdk.out'))).toEqual({ code: 'ReviewMissingPath', message: expect.stringMatching(/^\[ReviewMissingPath\] \/nonexistent\/cdk\.out does not exist\..*Fix: /) });
  });

  test('invalid JSON: ReviewInvalidJson naming the file and the parser\'s complaint', () => {
    const file = path.join(tmp(), 'broken.template.json');
    fs.writeFileSync(file, '{"Resources": ');
    const err = errorOf(() => review.TrustReview.path(file));
    expect(err.code).toBe('ReviewInvalidJson');
    expect(err.message).toContain(`${file} is not valid JSON`);
    expect(err.message).toContain('Fix:');
  });

  test('JSON that is neither a template nor Terraform: ReviewInvalidTemplate', () => {
    const file = path.join(tmp(), 'other.json');
    fs.writeFileSync(file, '{"hello": "world"}');
    expect(errorOf(() => review.TrustReview.path(file)).code).toBe('ReviewInvalidTemplate');
  });

  test('a directory with nothing to review: ReviewNothingToReview', () => {
    expect(errorOf(() => review.TrustReview.path(tmp()))).toEqual({ code: 'ReviewNothingToReview', message: expect.stringContaining('holds nothing to review') });
  });

  test('a manifest naming a template that is not there: ReviewMissingPath', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '1', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } } }));
    expect(errorOf(() => review.TrustReview.path(dir)).code).toBe('ReviewMissingPath');
  });
});
