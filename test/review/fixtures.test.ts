/**
 * Foreign templates: trust policies from GitHub's and AWS's documentation, aws-cdk-github-oidc
 * output and gh-oidc style Google setups (sources in fixtures/README.md). What the review reports
 * for each is pinned here.
 */
import { entryOf, findingIds, reviewFixture, ruleTexts } from './support';
import { GitHubActions, GoogleAccounts, OidcIssuer, Severity, TargetCloud, review } from '../../src';

describe('GitHub Docs: Configuring OpenID Connect in Amazon Web Services', () => {
  const report = reviewFixture('github-docs-oidc-in-aws.template.json');

  test('three roles trusted by GitHub Actions with the sts.amazonaws.com audience', () => {
    expect(report.entries.map((e) => e.identity.name)).toEqual(['OctoBranchRole', 'OctoEnvironmentRole', 'OctoRepoRole']);
    for (const e of report.entries) {
      expect(e.cloud).toBe(TargetCloud.AWS);
      expect(e.federated).toBe(true);
      expect(e.issuerUrl).toBe('https://token.actions.githubusercontent.com');
      expect(e.issuer).toBeInstanceOf(GitHubActions);
      expect(e.audiences).toEqual([]);
      expect(e.admitsTargetDefaultAudience).toBe(true);
      expect(e.checksAudience).toBe(true);
      expect(e.maxSessionSeconds).toBe(3600);
      expect(e.exact).toBe(true);
    }
  });

  test('the branch and environment examples: one exact subject, names only (WT106)', () => {
    expect(ruleTexts(entryOf(report, 'OctoBranchRole'))).toEqual(['sub equals "repo:octo-org/octo-repo:ref:refs/heads/octo-branch"']);
    expect(ruleTexts(entryOf(report, 'OctoEnvironmentRole'))).toEqual(['sub equals "repo:octo-org/octo-repo:environment:prod"']);
    expect(findingIds(entryOf(report, 'OctoBranchRole'))).toEqual(['WT106']);
    expect(findingIds(entryOf(report, 'OctoEnvironmentRole'))).toEqual(['WT106']);
  });

  test('the StringLike example admits every ref of the repository, pull requests included (WT104)', () => {
    const e = entryOf(report, 'OctoRepoRole');
    expect(ruleTexts(e)).toEqual(['sub like "repo:octo-org/octo-repo:*"']);
    expect(findingIds(e)).toEqual(['WT104', 'WT106']);
    const pr = e.findings.find((f) => f.id === 'WT104')!;
    expect(pr.severity).toBe(Severity.ERROR);
    expect(pr.jsonPath).toBe('Resources.OctoRepoRole.Properties.AssumeRolePolicyDocument.Statement[0]');
    expect(pr.file).toMatch(/github-docs-oidc-in-aws\.template\.json$/);
    expect(e.evaluate({ aud: 'sts.amazonaws.com', sub: 'repo:octo-org/octo-repo:pull_request' }).allowed).toBe(true);
    expect(e.evaluate({ aud: 'sts.amazonaws.com', sub: 'repo:octo-org/other:ref:refs/heads/main' }).allowed).toBe(false);
  });
});

describe('GitHub Docs before github/docs#22240: ForAllValues:StringLike on sub', () => {
  const e = entryOf(reviewFixture('github-docs-for-all-values.template.json'), 'LegacyDocsRole');

  test('the ForAllValues condition is reported with its raw text, never read as a restriction', () => {
    expect(e.rules).toHaveLength(1);
    expect(e.rules[0].rule).toBeUndefined();
    expect(e.rules[0].exact).toBe(false);
    expect(e.unparsed).toEqual([expect.objectContaining({
      kind: review.UnparsedKind.FOR_ALL_VALUES,
      raw: 'ForAllValues:StringLike: {"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:*"}',
      ruleIndex: 0,
      source: expect.objectContaining({ jsonPath: 'Resources.LegacyDocsRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition["ForAllValues:StringLike"]["token.actions.githubusercontent.com:sub"]' }),
    })]);
  });

  test('WT201 (error), and a token without sub is not declared refused', () => {
    expect(findingIds(e)).toEqual(['WT201']);
    expect(e.findings[0].severity).toBe(Severity.ERROR);
    const d = e.evaluate({ aud: 'sts.amazonaws.com' });
    expect(d.allowed).toBe(false);
    expect(d.certain).toBe(false);
  });
});

describe('AWS IAM User Guide: roles for OIDC federation', () => {
  const report = reviewFixture('aws-iam-user-guide.template.json');

  test('GitHub branch, repository and organisation examples', () => {
    expect(ruleTexts(entryOf(report, 'GitHubBranchRole'))).toEqual(['sub equals "repo:GitHubOrg/GitHubRepo:ref:refs/heads/GitHubBranch"']);
    expect(findingIds(entryOf(report, 'GitHubBranchRole'))).toEqual(['WT106']);
    expect(ruleTexts(entryOf(report, 'GitHubRepositoryRole'))).toEqual(['sub like "repo:GitHubOrg/GitHubRepo:*"']);
    expect(findingIds(entryOf(report, 'GitHubRepositoryRole'))).toEqual(['WT104', 'WT106']);
    // "We recommend this as a minimum": every repository of the organisation, pull requests included.
    expect(ruleTexts(entryOf(report, 'GitHubOrganizationRole'))).toEqual(['sub like "repo:GitHubOrg/*"']);
    expect(findingIds(entryOf(report, 'GitHubOrganizationRole'))).toEqual(['WT104', 'WT106', 'WT107']);
  });

  test('StringLike on aud with a literal value is an audience check', () => {
    const e = entryOf(report, 'GitHubRepositoryRole');
    expect(e.checksAudience).toBe(true);
    expect(e.admitsTargetDefaultAudience).toBe(true);
    expect(e.unparsed).toEqual([]);
  });

  test('the generic OIDC example checks only the audience: every workload of the issuer (WT101)', () => {
    const e = entryOf(report, 'GenericOidcRole');
    expect(e.issuerUrl).toBe('https://server.example.com');
    expect(e.issuer).toBeInstanceOf(OidcIssuer);
    expect(e.audiences).toEqual(['appid_from_oidc_idp']);
    expect(e.admitsTargetDefaultAudience).toBe(false);
    expect(ruleTexts(e)).toEqual(['(no claim condition)']);
    expect(e.rules[0].exact).toBe(true);
    expect(findingIds(e)).toEqual(['WT101']);
    expect(e.evaluate({ aud: 'appid_from_oidc_idp', sub: 'anyone' }).allowed).toBe(true);
  });

  test('Cognito is reported for context: the identity pool as audience, the amr list check as unparsed, no issuer lint', () => {
    const e = entryOf(report, 'CognitoRole');
    expect(e.issuerUrl).toBe('https://cognito-identity.amazonaws.com');
    expect(e.issuer).toBeUndefined();
    expect(e.audiences).toEqual(['us-east-2:12345678-abcd-abcd-abcd-123456']);
    expect(ruleTexts(e)).toEqual(['(no claim condition)']);
    expect(e.rules[0].source.jsonPath).toBe('Resources.CognitoRole.Properties.AssumeRolePolicyDocument.Statement');
    expect(e.unparsed.map((f) => [f.kind, f.raw])).toEqual([[review.UnparsedKind.NON_STRING_VALUE, 'ForAnyValue:StringLike: {"cognito-identity.amazonaws.com:amr":"unauthenticated"}']]);
    expect(findingIds(e)).toEqual(['WT206']);
  });

  test('accounts.google.com with only an audience: every Google account (WT101)', () => {
    const e = entryOf(report, 'GoogleRole');
    expect(e.principal).toBe('accounts.google.com');
    expect(e.issuer).toBeInstanceOf(GoogleAccounts);
    expect(e.audiences).toEqual(['666777888999000']);
    expect(findingIds(e)).toEqual(['WT101']);
  });
});

describe('aws-cdk-github-oidc output', () => {
  const report = reviewFixture('aws-cdk-github-oidc.template.json');

  test('GithubActionsRole with the default filter: StringLike repo:owner/repo:*, through the custom resource provider', () => {
    const e = entryOf(report, 'GithubActionsRoleF5CC769F');
    expect(ruleTexts(e)).toEqual(['sub like "repo:octo-org/octo-repo:*"']);
    expect(e.admitsTargetDefaultAudience).toBe(true);
    expect(e.provider).toEqual({
      address: 'GithubProvider6C5C1E2B',
      issuerUrl: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
      source: { file: expect.stringMatching(/aws-cdk-github-oidc/), jsonPath: 'Resources.GithubProvider6C5C1E2B' },
    });
    expect(findingIds(e)).toEqual(['WT104', 'WT106']);
  });

  test('an imported provider (Fn::Join ARN), a tag filter and a 2 h session (WT105)', () => {
    const e = entryOf(report, 'MyTestRole');
    expect(e.identity).toEqual(expect.objectContaining({ roleName: 'MyTestRole', address: 'TagRoleAB12CD34' }));
    expect(e.issuerUrl).toBe('https://token.actions.githubusercontent.com');
    expect(ruleTexts(e)).toEqual(['sub like "repo:octo-org/octo-repo:ref:refs/tags/v*"']);
    expect(e.maxSessionSeconds).toBe(7200);
    expect(findingIds(e)).toEqual(['WT105', 'WT106']);
  });

  test('the current release: ForAnyValue:StringLike on the single-valued sub reads as like', () => {
    const e = entryOf(report, 'CurrentReleaseRole9D1A2B3C');
    expect(ruleTexts(e)).toEqual(['sub like "repo:octo-org/octo-repo:*"']);
    expect(e.exact).toBe(true);
    expect(e.provider?.address).toBe('NativeProvider1CDE27EB');
  });

  test('the custom resource handler role is reported for context, not as federation', () => {
    const e = entryOf(report, 'CustomAWSCDKOpenIdConnectProviderCustomResourceProviderRole517FED65');
    expect(e.federated).toBe(false);
    expect(e.otherPrincipals).toEqual(['Service: lambda.amazonaws.com (sts:AssumeRole)']);
    expect(e.rules).toEqual([]);
    expect(e.findings).toEqual([]);
  });
});

describe('gh-oidc style Google setup (hand-written Terraform JSON)', () => {
  const report = reviewFixture('gh-oidc-google.tf.json');

  test('each binding of the repository principalSet: the condition AND the attribute mapping', () => {
    expect(report.entries.map((e) => e.identity.name)).toEqual(['deployer@octo-project.iam.gserviceaccount.com', 'reader@octo-project.iam.gserviceaccount.com']);
    for (const e of report.entries) {
      expect(e.cloud).toBe(TargetCloud.GOOGLE_CLOUD);
      expect(e.identity.kind).toBe(review.IdentityKind.GOOGLE_SERVICE_ACCOUNT);
      expect(e.identity.role).toBe('roles/iam.workloadIdentityUser');
      expect(e.issuer).toBeInstanceOf(GitHubActions);
      expect(e.admitsTargetDefaultAudience).toBe(true);
      expect(e.audiences).toEqual([]);
      expect(ruleTexts(e)).toEqual(['repository equals "octo-org/octo-repo" AND repository_owner equals "octo-org"']);
      expect(e.exact).toBe(true);
      expect(e.maxSessionSeconds).toBe(3600);
      expect(e.provider).toEqual(expect.objectContaining({ poolId: 'pool', providerId: 'github', hasAttributeCondition: true }));
      // Repository names only, and the repository's pull requests get in.
      expect(findingIds(e)).toEqual(['WT104', 'WT106']);
    }
  });

  test('the module form of the member (pool name reference) is read like the literal one', () => {
    const e = entryOf(report, 'reader@octo-project.iam.gserviceaccount.com');
    expect(e.identity.member).toBe('principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.pool.name}/attribute.repository/octo-org/octo-repo');
    expect(e.source.jsonPath).toBe('resource.google_service_account_iam_member.wif-sa-module-form.member');
  });

  test('decisions follow the condition and the mapping', () => {
    const e = entryOf(report, 'deployer@octo-project.iam.gserviceaccount.com');
    const aud = '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/github';
    expect(e.evaluate({ aud, repository: 'octo-org/octo-repo', repository_owner: 'octo-org' }).allowed).toBe(true);
    expect(e.evaluate({ aud, repository: 'octo-org/octo-repo', repository_owner: 'evil' }).allowed).toBe(false);
    expect(e.evaluate({ aud: 'sts.amazonaws.com', repository: 'octo-org/octo-repo', repository_owner: 'octo-org' }).allowed).toBe(false);
  });
});

describe('gh-oidc module defaults: a provider without condition', () => {
  const report = reviewFixture('gh-oidc-no-condition.tf.json');

  test('the repository binding: only the mapping restricts (WT203)', () => {
    const e = entryOf(report, 'foo-service-account@my-project.iam.gserviceaccount.com');
    expect(ruleTexts(e)).toEqual(['repository equals "user/repo"']);
    expect(e.audiences).toEqual(['sigstore']);
    expect(e.admitsTargetDefaultAudience).toBe(false);
    expect(findingIds(e)).toEqual(['WT104', 'WT106', 'WT203']);
    expect(e.findings.find((f) => f.id === 'WT203')!.jsonPath).toBe('resource.google_iam_workload_identity_pool_provider.provider');
  });

  test('the "*" binding admits every GitHub workflow of anyone (WT101, WT203, WT204)', () => {
    const e = entryOf(report, 'bar-service-account@my-project.iam.gserviceaccount.com');
    expect(ruleTexts(e)).toEqual(['(no claim condition)']);
    expect(e.rules[0].exact).toBe(true);
    expect(findingIds(e)).toEqual(['WT101', 'WT203', 'WT204']);
    expect(e.evaluate({ aud: 'sigstore', repository: 'someone/else' }).allowed).toBe(true);
  });

  test('the provider finding is reported once for the report', () => {
    expect(report.findings.filter((f) => f.id === 'WT203')).toHaveLength(1);
  });
});
