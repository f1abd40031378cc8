import { expectTrustError, GITHUB_URL, githubLikeIssuer } from './support';
import {
  Acknowledgement,
  BoundaryScope,
  ClaimCondition,
  Finding,
  Glob,
  LintRuleIds,
  LintRules,
  OidcIssuer,
  SessionLifetime,
  Severity,
  TrustErrorCode,
  TrustPolicy,
  TrustRule,
} from '../../src';

const github = githubLikeIssuer();
const MAIN_SUB = 'repo:acme/app:ref:refs/heads/main';
/** Pins the repository by its immutable ID: satisfies WT101, WT106 and WT107 on the GitHub-like issuer. */
const PINNED = ClaimCondition.equals('repository_id', '123456');

const ALL_IDS = ['WT101', 'WT102', 'WT103', 'WT104', 'WT105', 'WT106', 'WT107'];

/** Policy-level acknowledgements of the given IDs. */
function acks(...findingIds: string[]): Acknowledgement[] {
  return findingIds.map((findingId) => ({ findingId, reason: `accepted in this test: isolates another finding than ${findingId}` }));
}

function trust(rules: TrustRule[], acknowledgements: Acknowledgement[] = [], maxSession?: SessionLifetime): TrustPolicy {
  return github.trust({ rules, acknowledgements, maxSession });
}

function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.id);
}

/**
 * Expects construction to fail with exactly one unacknowledged error-level finding, `id`, and the
 * message to contain `mentions`.
 */
function expectOnlyUnacknowledged(build: () => unknown, id: string, ...mentions: string[]): void {
  const err = expectTrustError(build, TrustErrorCode.UNACKNOWLEDGED_FINDINGS, id, GITHUB_URL, ...mentions);
  expect(err.message).toContain('has 1 error-level lint finding(s)');
  expect(err.message).toContain(`acknowledge('${id}'`);
}

describe('WT101: No subject restriction', () => {
  describe('Noncompliance', () => {
    test('a rule on ref only', () => {
      // GIVEN a rule that checks the branch but not who runs it (WT104 and WT107 acknowledged to isolate WT101)
      const rule = TrustRule.allOf(ClaimCondition.equals('ref', 'refs/heads/main'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule], acks('WT104', 'WT107')), 'WT101', 'rule 1', 'every workload of every tenant');
    });

    test('a wildcard-only pattern on sub is no restriction', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', '*'), ClaimCondition.equals('ref', 'refs/heads/main'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule], acks('WT102', 'WT103', 'WT104', 'WT107')), 'WT101');
    });

    test('a generic issuer: a rule without sub admits every workload of the issuer', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.equals('environment', 'prod'));

      // WHEN / THEN
      const err = expectTrustError(() => new TrustPolicy({ issuer: 'https://issuer.example.com', rules: [rule] }),
        TrustErrorCode.UNACKNOWLEDGED_FINDINGS, 'WT101', 'workload of the issuer https://issuer.example.com');
      expect(err.message).not.toContain('every tenant');
    });
  });

  describe('Compliance', () => {
    test('an exact sub', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB))]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT101');
    });

    test('a pattern on sub with a literal part', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:ref:refs/tags/v?'), PINNED)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT101');
    });

    test('an immutable ID listed among the issuer subject claims', () => {
      // WHEN (WT104: the rule does not exclude pull requests)
      const policy = trust([TrustRule.allOf(PINNED)], acks('WT104'));

      // THEN
      expect(ids(policy.findings)).not.toContain('WT101');
    });
  });
});

describe('WT102: Wildcard crosses the tenant boundary', () => {
  describe('Noncompliance', () => {
    test('repo:acme* also admits acme-evil', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme*'), PINNED);

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule], acks('WT104')), 'WT102', '"repo:acme*"', 'repository owner', 'first "/"');
    });

    test('a ? inside the owner name', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acm?/app:ref:refs/heads/main'), PINNED);

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule]), 'WT102', '"repo:acm?/app:ref:refs/heads/main"');
    });

    test('one crossing pattern among several', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', MAIN_SUB, '*/app:ref:refs/heads/main'), PINNED);

      // WHEN
      const policy = trust([rule], acks('WT102'));

      // THEN exactly one finding, about the crossing pattern, with rule index and claim
      const found = policy.findings.filter((f) => f.id === 'WT102');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: Severity.ERROR, ruleIndex: 0, claim: 'sub' });
      expect(found[0].message).toContain('"*/app:ref:refs/heads/main"');
    });
  });

  describe('Compliance', () => {
    test('the owner is written literally up to its "/"', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/*:ref:refs/heads/main'), PINNED)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT102');
    });

    test('a literal * (equals, Glob.literal) is no wildcard', () => {
      // WHEN
      const policy = trust([
        TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme*'), PINNED),
        TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal('repo:ac*me/app:ref:refs/tags/'), Glob.anyChar())), PINNED),
      ]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT102');
    });
  });
});

describe('WT103: Condition matches everything', () => {
  describe('Noncompliance', () => {
    test.each([
      ['*', ClaimCondition.like('environment', '*')],
      ['?*', ClaimCondition.like('environment', '?*')],
      ['** (normalized to *)', ClaimCondition.like('environment', '**')],
      ['anyChar + anyRun', ClaimCondition.likeGlob('environment', Glob.concat(Glob.anyChar(), Glob.anyRun()))],
      ['one of several patterns', ClaimCondition.like('environment', 'prod', '*')],
    ])('like(environment, %s)', (_what, condition) => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), PINNED, condition);

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule]), 'WT103', 'environment', 'matches every value');
    });
  });

  describe('Compliance', () => {
    test.each([
      ['a pattern with a literal part', ClaimCondition.like('environment', 'prod-*')],
      ['? only (values of one length)', ClaimCondition.like('environment', '???')],
      ['a literal * (equals)', ClaimCondition.equals('environment', '*')],
    ])('%s', (_what, condition) => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), PINNED, condition)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT103');
    });
  });
});

describe('WT104: Pull requests can get in', () => {
  describe('Noncompliance', () => {
    test('every ref of the repository', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'), PINNED);

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule]), 'WT104', 'rule 1', '*:pull_request');
    });

    test('no condition on sub at all', () => {
      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([TrustRule.allOf(PINNED)]), 'WT104');
    });

    test('the pull request subject itself', () => {
      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:pull_request'), PINNED)]), 'WT104');
    });

    test('a rule-level acknowledgement covers its own rule only', () => {
      // GIVEN two pull-request-reachable rules, the first acknowledged
      const planRule = TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:pull_request'), PINNED)
        .acknowledge('WT104', 'the plan role is read-only');
      const other = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'), PINNED);

      // WHEN / THEN the second rule is still reported
      expectOnlyUnacknowledged(() => trust([planRule, other]), 'WT104', 'rule 2');
    });
  });

  describe('Compliance', () => {
    test.each([
      ['an exact branch subject', ClaimCondition.equals('sub', MAIN_SUB)],
      ['a pattern that cannot end in :pull_request', ClaimCondition.like('sub', 'repo:acme/app:ref:refs/tags/v?')],
      ['an environment subject', ClaimCondition.equals('sub', 'repo:acme/app:environment:prod')],
    ])('%s', (_what, condition) => {
      // WHEN
      const policy = trust([TrustRule.allOf(condition, PINNED)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT104');
    });

    test('an indicator whose wildcards exclude ":" does not flag environment subjects', () => {
      // GIVEN a GitHub-like issuer whose pull request subject wildcard never holds a raw ':'
      const issuer = OidcIssuer.fromUrl(GITHUB_URL, {
        workloadClaims: ['sub'],
        namespaceBoundaries: github.namespaceBoundaries,
        pullRequestIndicators: [{ claim: 'sub', pattern: 'repo:*:pull_request', wildcardExcludes: ':' }],
      });
      const environments = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:environment:*'));

      // WHEN
      const policy = issuer.trust({ rules: [environments] });

      // THEN not reachable; the same rule is reachable under the '*:pull_request' indicator
      expect(ids(policy.findings)).not.toContain('WT104');
      expectOnlyUnacknowledged(() => trust([environments.and(PINNED)]), 'WT104');
    });

    test('an issuer without pull request indicators never reports it', () => {
      // WHEN
      const policy = OidcIssuer.fromUrl('https://issuer.example.com').trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', 'x:*'))] });

      // THEN
      expect(ids(policy.findings)).not.toContain('WT104');
    });
  });
});

describe('WT105: Session longer than one hour', () => {
  describe('Noncompliance', () => {
    test('a two-hour session is a warning and construction goes on', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), PINNED)], [], SessionLifetime.hours(2));

      // THEN
      const found = policy.findings.filter((f) => f.id === 'WT105');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: Severity.WARNING, ruleIndex: undefined, acknowledgedBecause: undefined });
      expect(found[0].message).toContain('2 h');
    });

    test('one second over one hour', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), PINNED)], [], SessionLifetime.seconds(3601));

      // THEN
      expect(ids(policy.findings)).toEqual(['WT105']);
    });
  });

  describe('Compliance', () => {
    test.each([
      ['the default', undefined],
      ['one hour', SessionLifetime.minutes(60)],
      ['15 minutes', SessionLifetime.minutes(15)],
    ])('%s', (_what, maxSession) => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), PINNED)], [], maxSession);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT105');
    });
  });
});

describe('WT106: Trust on mutable names only', () => {
  describe('Noncompliance', () => {
    test('an exact subject without the repository ID is a warning', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB))]);

      // THEN
      expect(policy.findings).toHaveLength(1);
      expect(policy.findings[0]).toMatchObject({ id: 'WT106', severity: Severity.WARNING, ruleIndex: 0 });
      expect(policy.findings[0].message).toContain('repository_id, repository_owner_id');
      expect(policy.findings[0].message).toContain('GitHub-like Actions');
    });

    test('a pattern on the ID pins nothing', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), ClaimCondition.like('repository_id', '12345?'))]);

      // THEN
      expect(ids(policy.findings)).toEqual(['WT106']);
    });
  });

  describe('Compliance', () => {
    test.each([
      ['repository ID', PINNED],
      ['owner ID', ClaimCondition.equals('repository_owner_id', '789')],
    ])('pinned by the %s', (_what, pin) => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB), pin)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT106');
    });

    test('an issuer without immutable IDs never reports it', () => {
      // WHEN
      const policy = new TrustPolicy({ issuer: 'https://issuer.example.com', rules: [TrustRule.allOf(ClaimCondition.equals('sub', 'x'))] });

      // THEN
      expect(policy.findings).toEqual([]);
    });
  });
});

describe('WT107: Every workload of a tenant can get in', () => {
  describe('Noncompliance', () => {
    test('a wildcard for the repository name', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/*:ref:refs/heads/main'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule]), 'WT107', 'rule 1', 'pins no single workload', 'sub, repository, repository_id');
    });

    test('a wildcard inside the repository name', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app?:ref:refs/heads/main'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule]), 'WT107');
    });

    test('only the owner is pinned', () => {
      // GIVEN (no sub condition, so pull requests are reachable too: WT104 acknowledged)
      const rule = TrustRule.allOf(ClaimCondition.equals('repository_owner_id', '789'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule], acks('WT104')), 'WT107');
    });

    test('a pattern on a workload claim without boundaries', () => {
      // GIVEN
      const rule = TrustRule.allOf(ClaimCondition.like('repository', 'acme/*'), ClaimCondition.equals('repository_owner_id', '789'));

      // WHEN / THEN
      expectOnlyUnacknowledged(() => trust([rule], acks('WT104')), 'WT107');
    });
  });

  describe('Compliance', () => {
    test.each([
      ['an exact subject', [ClaimCondition.equals('sub', MAIN_SUB)]],
      ['a subject pattern fixed up to the repository', [ClaimCondition.like('sub', 'repo:acme/app:ref:refs/tags/v?')]],
      ['the repository ID', [ClaimCondition.equals('sub', MAIN_SUB), PINNED]],
    ])('%s', (_what, conditions) => {
      // WHEN
      const policy = trust([TrustRule.allOf(...conditions)]);

      // THEN
      expect(ids(policy.findings)).not.toContain('WT107');
    });

    test('an exact repository name (pull requests acknowledged)', () => {
      // WHEN
      const policy = trust([TrustRule.allOf(ClaimCondition.equals('repository', 'acme/app'))], acks('WT104'));

      // THEN
      expect(ids(policy.findings)).not.toContain('WT107');
    });
  });
});

describe('acknowledged findings', () => {
  test('policy-level acknowledgements are kept on the findings with their reason', () => {
    // GIVEN an organisation-wide rule that pull requests can reach
    const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/*'), ClaimCondition.equals('repository_owner_id', '789'));

    // WHEN
    const policy = trust([rule], [
      { findingId: 'WT104', reason: '  docs preview for pull requests  ' },
      { findingId: 'WT107', reason: 'every repository of acme publishes docs' },
    ]);

    // THEN
    expect(policy.findings.map((f) => [f.id, f.acknowledgedBecause])).toEqual([
      ['WT104', 'docs preview for pull requests'],
      ['WT107', 'every repository of acme publishes docs'],
    ]);
    expect(policy.acknowledgements.map((a) => a.findingId)).toEqual(['WT104', 'WT107']);
  });

  test('rule-level acknowledgements are kept on that rule findings', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.equals('sub', 'repo:acme/app:pull_request'), PINNED)
      .acknowledge('WT104', 'terraform plan only, read-only role');

    // WHEN
    const policy = trust([rule]);

    // THEN
    expect(policy.findings).toHaveLength(1);
    expect(policy.findings[0]).toMatchObject({ id: 'WT104', severity: Severity.ERROR, ruleIndex: 0, acknowledgedBecause: 'terraform plan only, read-only role' });
  });

  test('warnings can be acknowledged too', () => {
    // WHEN
    const policy = trust([TrustRule.allOf(ClaimCondition.equals('sub', MAIN_SUB))], [{ findingId: 'WT106', reason: 'repository IDs are pinned in the org policy' }]);

    // THEN
    expect(policy.findings[0]).toMatchObject({ id: 'WT106', acknowledgedBecause: 'repository IDs are pinned in the org policy' });
  });

  test('acknowledging one ID leaves the others open', () => {
    // GIVEN WT103 and WT104 on one rule, only WT103 acknowledged
    const rule = TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*'), PINNED, ClaimCondition.like('environment', '*'))
      .acknowledge('WT103', 'any environment of the repository');

    // WHEN / THEN
    expectOnlyUnacknowledged(() => trust([rule]), 'WT104');
  });

  test('several open findings are all listed', () => {
    // GIVEN
    const rule = TrustRule.allOf(ClaimCondition.like('sub', '*'));

    // WHEN / THEN
    const err = expectTrustError(() => trust([rule]), TrustErrorCode.UNACKNOWLEDGED_FINDINGS, 'WT101', 'WT102', 'WT103', 'WT104', 'WT107');
    expect(err.message).toContain('has 5 error-level lint finding(s)');
  });
});

describe('LintRules', () => {
  test('all() lists the seven rules in ID order with their severities', () => {
    // WHEN
    const rules = LintRules.all();

    // THEN
    expect(rules.map((r) => r.id)).toEqual(ALL_IDS);
    expect(rules.map((r) => r.severity)).toEqual(['error', 'error', 'error', 'error', 'warning', 'warning', 'error']);
    for (const r of rules) {
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.explanation.length).toBeGreaterThan(0);
      expect(r.fix.length).toBeGreaterThan(0);
    }
  });

  test('the IDs match LintRuleIds', () => {
    // THEN
    expect([
      LintRuleIds.NO_SUBJECT_RESTRICTION,
      LintRuleIds.WILDCARD_CROSSES_TENANT,
      LintRuleIds.MATCHES_EVERYTHING,
      LintRuleIds.PULL_REQUEST_REACHABLE,
      LintRuleIds.LONG_SESSION,
      LintRuleIds.MUTABLE_NAMES_ONLY,
      LintRuleIds.TENANT_WIDE,
    ]).toEqual(ALL_IDS);
  });

  test('markdownTable() has a header and one four-column row per ID', () => {
    // WHEN
    const lines = LintRules.markdownTable().split('\n');

    // THEN
    expect(lines[0]).toBe('| ID | Severity | What it catches | How to fix |');
    expect(lines[1]).toBe('| --- | --- | --- | --- |');
    const rows = lines.slice(2);
    expect(rows).toHaveLength(ALL_IDS.length);
    rows.forEach((row, i) => {
      const info = LintRules.all()[i];
      expect(row.startsWith(`| ${ALL_IDS[i]} | ${info.severity} | **`)).toBe(true);
      // five unescaped pipes: four columns, no pipe leaking from the text
      expect(row.split(/(?<!\\)\|/).length - 1).toBe(5);
    });
  });
});

describe('WT101 and immutable identity claims', () => {
  test('an exact immutable ID is a subject restriction even when the issuer does not list it as a subject claim', () => {
    // GIVEN an issuer whose only subject claim is sub but which offers an immutable repository_id
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com', { immutableClaims: ['repository_id'] });

    // WHEN
    const policy = issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('repository_id', '123'), ClaimCondition.like('ref', 'refs/heads/release/*'))] });

    // THEN
    expect(policy.findings.map((f) => f.id)).not.toContain('WT101');
  });

  test('a pattern on the immutable ID is no restriction', () => {
    // GIVEN
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com', { immutableClaims: ['repository_id'] });

    // WHEN / THEN
    expectTrustError(() => issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.like('repository_id', '12*'))] }), TrustErrorCode.UNACKNOWLEDGED_FINDINGS, 'WT101');
  });
});

describe('WT107 without a declared workload boundary', () => {
  test('a pattern on a workload claim that has only a tenant boundary does not pin the workload', () => {
    // GIVEN an issuer whose sub names tenant and workload but declares only the tenant boundary
    const issuer = OidcIssuer.fromUrl('https://issuer.example.com', {
      workloadClaims: ['sub'],
      namespaceBoundaries: [{ claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'namespace', delimiter: ':', occurrences: 3 }],
    });

    // WHEN / THEN: the wildcard after the tenant still admits every workload of the tenant
    expectTrustError(() => issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.like('sub', 'system:serviceaccount:ns:*'))] }), TrustErrorCode.UNACKNOWLEDGED_FINDINGS, 'WT107');
    expect(issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('sub', 'system:serviceaccount:ns:app'))] }).findings.map((f) => f.id)).not.toContain('WT107');
  });
});
