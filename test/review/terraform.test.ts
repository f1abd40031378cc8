import { findingIds, googleConfig, POOL_SET, reviewGoogle, ruleTexts, saBinding } from './support';
import { GitHubActions, GitLab, Severity, review } from '../../src';
import { errorOf } from '../support/assertions';

const MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.repository': 'assertion.repository',
  'attribute.repository_owner': 'assertion.repository_owner',
};
const withCondition = (attribute_condition: string, attribute_mapping: object = MAPPING) => ({ attribute_condition, attribute_mapping });
const only = (entries: review.TrustEntry[]) => {
  expect(entries).toHaveLength(1);
  return entries[0];
};
const kinds = (e: review.TrustEntry) => e.unparsed.map((f) => f.kind);

describe('review.TrustReview.terraform: attribute conditions read back from CEL', () => {
  test.each([
    ['==, double quotes', 'assertion.repository_owner == "acme"', ['repository equals "acme/app" AND repository_owner equals "acme"']],
    ['==, single quotes, literal on the left', '\'acme\' == assertion.repository_owner', ['repository equals "acme/app" AND repository_owner equals "acme"']],
    ['index form', 'assertion["repository_owner"] == "acme"', ['repository equals "acme/app" AND repository_owner equals "acme"']],
    ['in a list', 'assertion.repository_owner in ["acme", "acme-labs"]', ['repository equals "acme/app" AND repository_owner equals one of ["acme", "acme-labs"]']],
    ['startsWith', 'assertion.ref.startsWith("refs/heads/")', ['ref like "refs/heads/*" AND repository equals "acme/app"']],
    ['endsWith', 'assertion.sub.endsWith(":environment:prod")', ['repository equals "acme/app" AND sub like "*:environment:prod"']],
    ['contains', 'assertion.workflow_ref.contains("/deploy.yml@")', ['repository equals "acme/app" AND workflow_ref like "*/deploy.yml@*"']],
    ['matches in this library\'s form', 'assertion.ref.matches("^refs/heads/release\\\\.(?s:.)/(?s:.*)$")', ['ref like "refs/heads/release.?/*" AND repository equals "acme/app"']],
    ['an attribute mapped to a claim', 'attribute.repository_owner == "acme"', ['repository equals "acme/app" AND repository_owner equals "acme"']],
    ['guards of checked claims', '"ref" in assertion && has(assertion.ref) && type(assertion.ref) == string && assertion.ref == "refs/heads/main"', ['ref equals "refs/heads/main" AND repository equals "acme/app"']],
    ['|| of checks on one claim', 'assertion.ref == "refs/heads/main" || assertion.ref.startsWith("refs/tags/")', ['ref like one of ["refs/heads/main", "refs/tags/*"] AND repository equals "acme/app"']],
    ['|| of checks on different claims is distributed', '(assertion.ref == "refs/heads/main" || assertion.environment == "prod") && assertion.repository_owner == "acme"', [
      'ref equals "refs/heads/main" AND repository equals "acme/app" AND repository_owner equals "acme"',
      'environment equals "prod" AND repository equals "acme/app" AND repository_owner equals "acme"',
    ]],
    ['true', 'true', ['repository equals "acme/app"']],
  ])('%s', (_name, condition, expected) => {
    const e = only(reviewGoogle(withCondition(condition)));
    expect(ruleTexts(e)).toEqual(expected);
    expect(e.exact).toBe(true);
    expect(e.unparsed).toEqual([]);
  });

  test.each([
    ['!=', 'assertion.repository_owner != "evil"', review.UnparsedKind.OPAQUE_CEL],
    ['!', '!(assertion.ref == "refs/heads/dev")', review.UnparsedKind.OPAQUE_CEL],
    ['a regular expression without glob form', 'assertion.ref.matches("refs/heads/[a-z]+")', review.UnparsedKind.OPAQUE_CEL],
    ['a macro', 'assertion.groups.exists(g, g == "admins")', review.UnparsedKind.OPAQUE_CEL],
    ['a ternary', 'assertion.ref == "x" ? true : false', review.UnparsedKind.OPAQUE_CEL],
    ['a presence check alone', 'has(assertion.environment)', review.UnparsedKind.PRESENCE_ONLY],
    ['a number', 'assertion.repository_id == 123', review.UnparsedKind.NON_STRING_VALUE],
    ['invalid CEL', 'assertion.repository_owner == ', review.UnparsedKind.OPAQUE_CEL],
    ['a Terraform reference', 'assertion.repository_owner == "${var.org}"', review.UnparsedKind.UNRESOLVED_REFERENCE],
  ])('%s is unparsed, with its text, and the rules keep the rest', (_name, condition, kind) => {
    const e = only(reviewGoogle(withCondition(condition)));
    expect(kinds(e)).toEqual([kind]);
    expect(e.unparsed[0].raw.length).toBeGreaterThan(0);
    expect(e.unparsed[0].source.jsonPath).toBe('resource.google_iam_workload_identity_pool_provider.gh.attribute_condition');
    expect(ruleTexts(e)).toEqual(['repository equals "acme/app"']);
    expect(e.rules[0].exact).toBe(false);
    expect(findingIds(e)).toContain('WT206');
  });

  test('Terraform escapes are removed before parsing: $${ and %%{ are literal', () => {
    const e = only(reviewGoogle(withCondition('assertion.environment == "a$${b}%%{c}"')));
    expect(ruleTexts(e)).toEqual(['environment equals "a${b}%{c}" AND repository equals "acme/app"']);
  });

  test('an opaque alternative of an OR is a way in of its own, not dropped', () => {
    const e = only(reviewGoogle(withCondition('assertion.repository_owner == "acme" || assertion.sub.lowerAscii() == "x"')));
    expect(ruleTexts(e)).toEqual(['repository equals "acme/app" AND repository_owner equals "acme"', 'repository equals "acme/app"']);
    expect(e.rules.map((r) => r.exact)).toEqual([true, false]);
    expect(e.unparsed.map((f) => f.ruleIndex)).toEqual([1]);
  });

  test('an expression that expands to too many alternatives is reported, not expanded', () => {
    const condition = Array.from({ length: 9 }, (_, i) => `(assertion.a${i} == "x" || assertion.b${i} == "y")`).join(' && ');
    const e = only(reviewGoogle(withCondition(condition)));
    expect(kinds(e)).toEqual([review.UnparsedKind.TOO_COMPLEX]);
  });
});

describe('review.TrustReview.terraform: bindings and mappings', () => {
  test('principal://…/subject/S reads the google.subject mapping', () => {
    const e = only(reviewGoogle(withCondition('assertion.repository_owner == "acme"'), 'principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci-pool/subject/repo:acme/app:ref:refs/heads/main'));
    expect(ruleTexts(e)).toEqual(['repository_owner equals "acme" AND sub equals "repo:acme/app:ref:refs/heads/main"']);
  });

  test('an attribute mapped to a list claim (amr, groups): unparsed mapping', () => {
    const e = only(reviewGoogle(withCondition('assertion.repository_owner == "acme"', { ...MAPPING, 'attribute.amr': 'assertion.amr' }), `${POOL_SET}/attribute.amr/mfa`));
    expect(ruleTexts(e)).toEqual(['repository_owner equals "acme"']);
    expect(kinds(e)).toEqual([review.UnparsedKind.OPAQUE_MAPPING]);
  });

  test('a group principal depends on a group list: unparsed mapping', () => {
    const e = only(reviewGoogle(withCondition('true', { ...MAPPING, 'google.groups': 'assertion.groups' }), `${POOL_SET}/group/admins`));
    expect(kinds(e)).toEqual([review.UnparsedKind.OPAQUE_MAPPING]);
  });

  test('a mapping that is neither a claim nor a choice between constants is opaque; the condition still applies', () => {
    const e = only(reviewGoogle(withCondition('assertion.repository_owner == "acme"', { ...MAPPING, 'attribute.repository': 'assertion.repository.lowerAscii()' })));
    expect(ruleTexts(e)).toEqual(['repository_owner equals "acme"']);
    expect(kinds(e)).toEqual([review.UnparsedKind.OPAQUE_MAPPING]);
  });

  test('a mapping that chooses the bound value in its else branch is a negation: unparsed', () => {
    const e = only(reviewGoogle(withCondition('true', { 'attribute.x': 'assertion.ref == "refs/heads/dev" ? "no" : "yes"' }), `${POOL_SET}/attribute.x/yes`));
    expect(kinds(e)).toEqual([review.UnparsedKind.OPAQUE_MAPPING]);
  });

  test('a binding on an attribute the provider never yields admits nothing through it', () => {
    const e = only(reviewGoogle(withCondition('true', { 'attribute.x': 'assertion.ref == "a" ? "granted" : ""' }), `${POOL_SET}/attribute.x/other`));
    expect(e.rules).toEqual([]);
    expect(e.exact).toBe(true);
    expect(e.evaluate({ aud: 'x', ref: 'a' }).allowed).toBe(false);
  });

  test('a binding on an attribute the provider does not map: the binding admits nothing from it', () => {
    const e = only(reviewGoogle(withCondition('true'), `${POOL_SET}/attribute.unmapped/acme`));
    expect(e.rules).toEqual([]);
    expect(e.issuerUrl).toBeUndefined();
  });

  test('a principal of a pool that is not in the input cannot be judged: UNKNOWN_TRUST', () => {
    const e = only(reviewGoogle(withCondition('true'), 'principalSet://iam.googleapis.com/projects/9/locations/global/workloadIdentityPools/elsewhere/attribute.repository/acme/app'));
    expect(kinds(e)).toEqual([review.UnparsedKind.UNKNOWN_TRUST]);
    expect(findingIds(e)).toEqual(['WT206']);
  });

  test('an IAM condition on the binding is reported', () => {
    const config = googleConfig(withCondition('true'), { google_project_iam_member: { viewer: { project: 'p-proj', role: 'roles/viewer', member: `${POOL_SET}/attribute.repository/acme/app`, condition: { title: 'expires', expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' } } } });
    const e = only(review.TrustReview.terraform(config, 'main.tf.json').entries);
    expect(e.identity).toEqual(expect.objectContaining({ kind: review.IdentityKind.GOOGLE_PROJECT_ROLE, name: 'roles/viewer on projects/p-proj', project: 'p-proj', role: 'roles/viewer' }));
    expect(kinds(e)).toEqual([review.UnparsedKind.OPAQUE_CEL]);
    expect(e.unparsed[0].source.jsonPath).toBe('resource.google_project_iam_member.viewer.condition');
  });

  test('*_iam_binding members, other resources\' IAM members, and principals in policy documents', () => {
    const member = `${POOL_SET}/attribute.repository/acme/app`;
    const config = googleConfig(withCondition('true'), {
      google_service_account_iam_binding: { b: { service_account_id: '${google_service_account.deployer.name}', role: 'roles/iam.workloadIdentityUser', members: ['user:someone@example.com', member] } },
      google_service_account: { deployer: { account_id: 'deployer', project: 'p-proj' } },
      google_storage_bucket_iam_member: { reader: { bucket: 'artifacts', role: 'roles/storage.objectViewer', member } },
    });
    config.data = { google_iam_policy: { admin: { binding: [{ role: 'roles/secretmanager.secretAccessor', members: [member] }] } } };
    const entries = review.TrustReview.terraform(config, 'main.tf.json').entries;
    expect(entries.map((e) => [e.identity.kind, e.identity.name, e.source.jsonPath])).toEqual([
      [review.IdentityKind.GOOGLE_SERVICE_ACCOUNT, 'deployer@p-proj.iam.gserviceaccount.com', 'resource.google_service_account_iam_binding.b.members[1]'],
      [review.IdentityKind.GOOGLE_RESOURCE_ROLE, 'roles/storage.objectViewer on google_storage_bucket_iam_member.reader', 'resource.google_storage_bucket_iam_member.reader.member'],
      [review.IdentityKind.GOOGLE_PRINCIPAL_SET, 'roles/secretmanager.secretAccessor in data.google_iam_policy.admin', 'data.google_iam_policy.admin.binding[0].members[0]'],
    ]);
    for (const e of entries) expect(ruleTexts(e)).toEqual(['repository equals "acme/app"']);
  });

  test('the lifetime extension policy lists the account: 12 h sessions (WT105)', () => {
    const config = googleConfig(withCondition('assertion.repository_owner_id == "1"'), {
      ...saBinding(`${POOL_SET}/attribute.repository/acme/app`, 'long@p-proj.iam.gserviceaccount.com'),
      google_org_policy_policy: { ext: { name: 'organizations/1/policies/iam.allowServiceAccountCredentialLifetimeExtension', parent: 'organizations/1', spec: { rules: [{ values: { allowed_values: ['long@p-proj.iam.gserviceaccount.com'] } }] } } },
    });
    const e = only(review.TrustReview.terraform(config, 'main.tf.json').entries);
    expect(e.maxSessionSeconds).toBe(43200);
    expect(e.maxSessionNote).toMatch(/iam\.allowServiceAccountCredentialLifetimeExtension/);
    expect(findingIds(e)).toContain('WT105');
  });

  test('audiences: the provider\'s own name is the target default, other audiences are listed', () => {
    const e = only(reviewGoogle({
      ...withCondition('true'),
      oidc: [{
        issuer_uri: 'https://gitlab.com',
        allowed_audiences: ['https://gitlab.example', '//iam.googleapis.com/projects/${data.google_project.p.number}/locations/global/workloadIdentityPools/ci-pool/providers/github', 'https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/ci-pool/providers/github'],
      }],
    }));
    expect(e.issuer).toBeInstanceOf(GitLab);
    expect(e.audiences).toEqual(['https://gitlab.example']);
    expect(e.admitsTargetDefaultAudience).toBe(true);
    expect(e.evaluate({ aud: 'https://iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/ci-pool/providers/github', repository: 'acme/app' }).allowed).toBe(true);
    expect(e.evaluate({ aud: '//iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/ci-pool/providers/other', repository: 'acme/app' }).allowed).toBe(false);
  });

  test('a provider that is not OIDC is reported', () => {
    const e = only(reviewGoogle({ ...withCondition('true'), oidc: undefined, aws: { account_id: '123456789012' } }));
    expect(e.issuerUrl).toBeUndefined();
    expect(kinds(e)).toEqual([review.UnparsedKind.UNKNOWN_TRUST]);
  });

  test('a provider without condition that nothing is granted through: WT203 on the report', () => {
    const report = review.TrustReview.terraform(googleConfig({ attribute_mapping: MAPPING }), 'main.tf.json');
    expect(report.entries).toEqual([]);
    expect(report.findings).toEqual([expect.objectContaining({ id: 'WT203', severity: Severity.ERROR, jsonPath: 'resource.google_iam_workload_identity_pool_provider.gh' })]);
  });

  test('Terraform JSON in list form is read too', () => {
    const config = googleConfig(withCondition('assertion.repository_owner == "acme"'), saBinding(`${POOL_SET}/attribute.repository/acme/app`));
    const asLists = (named: object) => Object.fromEntries(Object.entries(named).map(([n, body]) => [n, [body]]));
    const listed = { resource: Object.entries(config.resource).map(([type, named]) => ({ [type]: asLists(named as object) })) };
    const e = only(review.TrustReview.terraform(listed, 'list.tf.json').entries);
    expect(ruleTexts(e)).toEqual(['repository equals "acme/app" AND repository_owner equals "acme"']);
    expect(e.issuer).toBeInstanceOf(GitHubActions);
    expect(e.source.jsonPath).toBe('resource[2].google_service_account_iam_member.sa[0].member');
  });

  test('input that is no configuration is refused', () => {
    expect(errorOf(() => review.TrustReview.terraform('x' as any, 'x.tf.json'))).toEqual({ code: 'ReviewInvalidTemplate', message: expect.stringMatching(/x\.tf\.json is not Terraform JSON configuration.*Fix:/) });
    expect(review.reviewTerraform({}, 'empty.tf.json').entries).toEqual([]);
  });
});
