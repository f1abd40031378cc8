import * as fs from 'fs';
import * as path from 'path';
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { gcp, gcpReview, GitHubActions, review } from '../../../src';

const POOL_SET = 'principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool';
const MAPPING = { 'google.subject': 'assertion.sub', 'attribute.repository_id': 'assertion.repository_id', 'attribute.repository': 'assertion.repository' };
const CONDITION = 'assertion.repository_owner_id == "789" && assertion.repository_id == "123456" && assertion.ref == "refs/heads/main"';

/** A stack with a Google provider (app.synth() needs one) and the review aspect. */
function reviewedStack(props: gcpReview.TrustReviewAspectProps = {}, app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, 'Stack');
  new GoogleProvider(stack, 'google', { project: 'my-proj' });
  Aspects.of(stack).add(new gcpReview.TrustReviewAspect(props));
  return stack;
}

/** A hand-written pool and GitHub provider (no workload-trust constructs). */
function handWritten(stack: TerraformStack, provider: { attributeCondition?: string } = {}): IamWorkloadIdentityPoolProvider {
  const pool = new IamWorkloadIdentityPool(stack, 'Pool', { project: 'my-proj', workloadIdentityPoolId: 'ci-pool' });
  return new IamWorkloadIdentityPoolProvider(stack, 'GitHub', {
    project: 'my-proj',
    workloadIdentityPoolId: pool.workloadIdentityPoolId,
    workloadIdentityPoolProviderId: 'github',
    attributeMapping: MAPPING,
    oidc: { issuerUri: 'https://token.actions.githubusercontent.com' },
    ...provider,
  });
}

function binding(stack: TerraformStack, member: string): ServiceAccountIamMember {
  return new ServiceAccountIamMember(stack, 'Deployer', {
    serviceAccountId: 'projects/my-proj/serviceAccounts/deployer@my-proj.iam.gserviceaccount.com',
    role: 'roles/iam.workloadIdentityUser',
    member,
  });
}

/** The annotations on a construct, as `level: message`. */
function annotations(c: IConstruct): string[] {
  return c.node.metadata.filter((m) => m.type.startsWith('@cdktf/')).map((m) => `${m.type.replace('@cdktf/', '')}: ${m.data}`);
}

/** Every annotation of the review in the stack, as `path level: message`. */
function reviewAnnotations(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => annotations(c).filter((a) => /: WT\d{3} /.test(a) || a.includes('workload-trust review')).map((a) => `${c.node.path} ${a}`));
}

describe('gcpReview.TrustReviewAspect', () => {
  test('a provider without condition: WT203 (and WT104: pull requests get in) as warnings on the provider resource (failOnError defaults to false)', () => {
    // GIVEN
    const stack = reviewedStack();
    const provider = handWritten(stack);
    binding(stack, `${POOL_SET}/attribute.repository_id/123456`);

    // WHEN
    Testing.synth(stack, true);

    // THEN
    const found = annotations(provider);
    expect(found).toHaveLength(2);
    expect(found[1]).toMatch(/^warn: WT203 Google provider without attribute condition \(error\): The provider google_iam_workload_identity_pool_provider\.GitHub .* Fix: Set `attribute_condition`.* \[resource\.google_iam_workload_identity_pool_provider\.GitHub\]$/);
    expect(reviewAnnotations(stack).map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual(['Stack/GitHub warn: WT104', 'Stack/GitHub warn: WT203']);
  });

  test('a provider without condition: app.synth() succeeds and writes the warning to the manifest', () => {
    // GIVEN
    const app = Testing.app();
    const stack = reviewedStack({}, app);
    handWritten(stack);
    binding(stack, `${POOL_SET}/attribute.repository_id/123456`);

    // WHEN
    app.synth();

    // THEN
    expect(reviewAnnotations(stack).map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual(['Stack/GitHub warn: WT104', 'Stack/GitHub warn: WT203']);
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.Stack.annotations.filter((a: any) => /^WT\d{3} /.test(a.message)).map((a: any) => `${a.constructPath} ${a.level} ${a.message.split(' ')[0]}`))
      .toEqual(['Stack/GitHub @cdktf/warn WT104', 'Stack/GitHub @cdktf/warn WT203']);
  });

  test('failOnError: a provider without condition fails synthesis, naming WT203', () => {
    // GIVEN
    const app = Testing.app();
    const stack = reviewedStack({ failOnError: true }, app);
    handWritten(stack);
    binding(stack, `${POOL_SET}/attribute.repository_id/123456`);

    // THEN
    expect(() => Testing.synth(stack, true)).toThrow(/WT203 Google provider without attribute condition \(error\)/);
    expect(() => app.synth()).toThrow(/WT203/);
    expect(reviewAnnotations(stack).map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual(['Stack/GitHub error: WT104', 'Stack/GitHub error: WT203']);
  });

  test('a binding of the whole pool: WT204 on the binding resource', () => {
    // GIVEN
    const stack = reviewedStack();
    handWritten(stack, { attributeCondition: CONDITION });
    const member = binding(stack, `${POOL_SET}/*`);

    // WHEN
    Testing.synth(stack, true);

    // THEN
    expect(annotations(member)).toEqual([expect.stringMatching(/^warn: WT204 Binding of a whole pool \(error\): deployer@my-proj\.iam\.gserviceaccount\.com is granted to principalSet:\/\/.*\/\*: every identity of the pool.*\[resource\.google_service_account_iam_member\.Deployer\.member\]$/)]);
    expect(reviewAnnotations(stack).map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual(['Stack/Deployer warn: WT204']);
  });

  test('failOnError: the whole-pool binding fails synthesis', () => {
    const stack = reviewedStack({ failOnError: true });
    handWritten(stack, { attributeCondition: CONDITION });
    binding(stack, `${POOL_SET}/*`);
    expect(() => Testing.synth(stack, true)).toThrow(/WT204 Binding of a whole pool/);
  });

  test('warning-level findings are warnings, with failOnError too', () => {
    // GIVEN a condition that names the repository only (WT106: mutable names only)
    const stack = reviewedStack({ failOnError: true });
    handWritten(stack, { attributeCondition: 'assertion.repository == "acme/app" && assertion.ref == "refs/heads/main"' });
    binding(stack, `${POOL_SET}/attribute.repository/acme/app`);

    // THEN
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(reviewAnnotations(stack).map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual(['Stack/GitHub warn: WT106']);
  });

  test('a clean setup declared with gcp.WorkloadIdentityPool: no annotation, synthesis succeeds with failOnError', () => {
    // GIVEN
    const app = Testing.app();
    const stack = reviewedStack({ failOnError: true }, app);
    const github = GitHubActions.issuer();
    const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'my-proj', poolId: 'ci-pool' });
    const provider = pool.addOidcProvider('GitHub', { providerId: 'github', issuer: github });
    provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com',
      github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' }).onEnvironment('prod')] }));

    // THEN
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(() => app.synth()).not.toThrow();
    expect(reviewAnnotations(stack)).toEqual([]);
  });

  test('annotations are added once, however often the stack is synthesized', () => {
    const stack = reviewedStack();
    handWritten(stack);
    binding(stack, `${POOL_SET}/attribute.repository_id/123456`);
    Testing.synth(stack, true);
    const once = reviewAnnotations(stack);
    Testing.synth(stack, true);
    expect(once).toHaveLength(2);
    expect(reviewAnnotations(stack)).toEqual(once);
  });

  test('one aspect on several stacks, or on a construct inside one: each whole stack is reviewed; a stack without federation gets nothing', () => {
    // GIVEN
    const app = Testing.app();
    const aspect = new gcpReview.TrustReviewAspect();
    const a = new TerraformStack(app, 'A');
    new GoogleProvider(a, 'google', { project: 'my-proj' });
    handWritten(a);
    Aspects.of(binding(a, `${POOL_SET}/attribute.repository_id/123456`)).add(aspect);
    const b = new TerraformStack(app, 'B');
    new GoogleProvider(b, 'google', { project: 'my-proj' });
    Aspects.of(b).add(aspect);

    // WHEN
    Testing.synth(a, true);
    Testing.synth(b, true);

    // THEN
    expect(reviewAnnotations(a).map((x) => x.split(' ').slice(0, 3).join(' '))).toEqual(['A/GitHub warn: WT104', 'A/GitHub warn: WT203']);
    expect(reviewAnnotations(b)).toEqual([]);
  });

  test('cdktf never invokes an aspect added to the App: nothing is reviewed', () => {
    const app = Testing.app();
    Aspects.of(app).add(new gcpReview.TrustReviewAspect({ failOnError: true }));
    const stack = new TerraformStack(app, 'Stack');
    new GoogleProvider(stack, 'google', { project: 'my-proj' });
    handWritten(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(reviewAnnotations(stack)).toEqual([]);
  });

  test('a configuration the review cannot read is reported on the stack, never ignored', () => {
    // GIVEN
    const spy = jest.spyOn(review.TrustReview, 'terraform').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const stack = reviewedStack({ failOnError: true });
      handWritten(stack);

      // THEN
      expect(() => Testing.synth(stack, true)).toThrow(/workload-trust review: the configuration of Stack could not be reviewed \(boom\)/);
      expect(annotations(stack)).toEqual([expect.stringMatching(/^error: workload-trust review: .*boom/)]);
    } finally {
      spy.mockRestore();
    }
  });
});
