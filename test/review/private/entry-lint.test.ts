import { ClaimCondition, GitHubActions, review, Severity, SessionLifetime, TargetCloud, TrustRule } from '../../../src';
import { lintRules } from '../../../src/core/lint/inspect';
import { lintEntry } from '../../../src/review/private/entry-lint';

const source = { file: 'App.template.json', jsonPath: 'Resources.Deploy.Properties.AssumeRolePolicyDocument' };

function entry(rules: TrustRule[], findings: review.ReviewFinding[] = [], maxSessionSeconds: number | undefined = 3600): review.TrustEntry {
  return review.TrustEntry.of({
    cloud: TargetCloud.AWS,
    identity: { kind: review.IdentityKind.AWS_ROLE, name: 'Deploy', address: 'Deploy' },
    federated: true,
    principal: 'arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com',
    issuerUrl: GitHubActions.GITHUB_COM_URL,
    issuer: GitHubActions.issuer(),
    admitsTargetDefaultAudience: true,
    rules: rules.map((rule) => ({ rule, exact: true, source })),
    maxSessionSeconds,
    source,
    findings,
  });
}

const pinned = TrustRule.allOf(
  ClaimCondition.equals('sub', 'repo:acme/app:environment:prod'),
  ClaimCondition.equals('repository_id', '123'),
  ClaimCondition.equals('repository_owner_id', '789'),
);

describe('lintEntry', () => {
  test('an entry the lint finds nothing in is returned as it was read', () => {
    const read = entry([pinned]);
    const linted = lintEntry(read);
    expect(linted).toBe(read);
    expect(linted.findings).toEqual([]);
  });

  test('findings replace those the entry had, also when there are none', () => {
    // GIVEN an entry that came with a finding
    const stale: review.ReviewFinding = { id: 'WT205', severity: Severity.WARNING, title: 't', message: 'm', fix: 'f', file: source.file, jsonPath: source.jsonPath };

    // WHEN it is linted and nothing is found
    const linted = lintEntry(entry([pinned], [stale]));

    // THEN it has no findings
    expect(linted.findings).toEqual([]);
  });

  test('an entry with findings gets them', () => {
    const linted = lintEntry(entry([TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme*'))]));
    expect(linted.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['WT102', 'WT106', 'WT107']));
  });

  test('the session lifetime, built once per number of seconds, is judged as a fresh one each time', () => {
    // GIVEN lifetimes read in turn, repeated, long, short, invalid and unknown
    const seconds = [3600, 7200, 3600, 7200, 43200, 100, 100, 1.5, 50000, undefined, 7200];

    for (const s of seconds) {
      // WHEN
      const linted = lintEntry(entry([pinned], [], s));

      // THEN the session finding is the one the core lint gives for a lifetime built now
      let fresh: SessionLifetime | undefined;
      try {
        fresh = s === undefined ? undefined : SessionLifetime.seconds(s);
      } catch {
        fresh = undefined;
      }
      const expected = fresh === undefined ? [] : lintRules(GitHubActions.issuer(), [pinned], fresh).filter((f) => f.id === 'WT105').map((f) => f.message);
      expect(linted.findings.filter((f) => f.id === 'WT105').map((f) => f.message)).toEqual(expected);
    }
    expect(lintEntry(entry([pinned], [], 7200)).findings.map((f) => f.id)).toContain('WT105');
    expect(lintEntry(entry([pinned], [], 3600)).findings.map((f) => f.id)).not.toContain('WT105');
  });
});
