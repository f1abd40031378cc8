/**
 * Round trip (DESIGN.md, invariant 3): `review(compile(policy))` yields the rules of `policy`.
 *
 * For fast-check generated policies of every issuer, the AWS constructs (OidcProvider created or
 * imported, FederatedRole) and the Google Cloud constructs (pool, provider, impersonation, project
 * role and principalSet grants) are synthesized, the JSON is reviewed, and:
 *
 * - the reviewed rules equal the policy's rules in normal form ({@link review.RuleNormalization}:
 *   conditions on one claim merged, `like` with only literal patterns read as `equals`, equal
 *   values intersected, patterns compared through `Glob.toString()`, values, conditions and rules
 *   sorted, rules no value satisfies dropped), every way in exact and nothing unparsed;
 * - the issuer URL, the issuer class (where the URL names one), the audiences and the session
 *   lifetime are the declared ones;
 * - for generated tokens (values of the rules, instances of their patterns, near misses, missing
 *   and non-string claims), the reviewed rules decide as the policy does, and the reviewed entry
 *   (audience included) decides as `TrustPolicy.evaluate` (semantic equality, independent of the
 *   normal form).
 *
 * Claims: on AWS those STS can check for the issuer (the compiler refuses others); on Google any
 * claim, including names CEL can only index (`oidc.circleci.com/project-id`, `in`). Values: on
 * AWS Latin-1 with `* ? $ { } " \ :` and newline (IAM's alphabet; no `?` wildcard, which the
 * compiler refuses); on Google any text, astral characters, quotes, backslashes, newlines and
 * Terraform's `${` and `%{` included, and both wildcards. Declarations the compilers refuse (an
 * unsatisfiable AWS rule, three patterns on one key, a policy over the size quota) are skipped.
 *
 * Runs: WT_PROPERTY_RUNS per cloud (default 1,000 compiled declarations, skipped ones not
 * counted), fixed seed. A failure is reported as found, without shrinking: every shrinking step
 * would synthesize an app again. Tokens come from a small seeded generator whose seed fast-check
 * picks, as they are many per policy.
 */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import {
  aws,
  BitbucketPipelines,
  Buildkite,
  CircleCI,
  ClaimCondition,
  gcp,
  GitHubActions,
  GitLab,
  Glob,
  GlobSegmentKind,
  GoogleAccounts,
  IIssuer,
  KubernetesServiceAccounts,
  LintRuleIds,
  OidcIssuer,
  SessionLifetime,
  TargetCloud,
  TerraformCloud,
  TrustErrors,
  TrustPolicy,
  TrustRule,
  review,
} from '../../src';
import { PROPERTY_RUNS } from '../core/support';

const RUNS = PROPERTY_RUNS;
const SEED = 20261205;
const TOKENS_PER_POLICY = 40;

// ---------------------------------------------------------------------------------------------
// Issuers
// ---------------------------------------------------------------------------------------------

interface IssuerCase {
  readonly name: string;
  readonly make: () => IIssuer;
  /** The class the review maps the URL to (OidcIssuer when the URL does not say). */
  readonly reviewedAs: Function;
}

const ISSUERS: IssuerCase[] = [
  { name: 'GitHub', make: () => GitHubActions.issuer(), reviewedAs: GitHubActions },
  { name: 'GitHub enterprise', make: () => GitHubActions.enterprise('acme'), reviewedAs: GitHubActions },
  { name: 'GHE.com', make: () => GitHubActions.dataResidency('acme'), reviewedAs: GitHubActions },
  { name: 'GHES', make: () => GitHubActions.server('github.example.com'), reviewedAs: GitHubActions },
  { name: 'GitLab', make: () => GitLab.issuer(), reviewedAs: GitLab },
  { name: 'GitLab self-managed', make: () => GitLab.selfManaged('gitlab.example.com'), reviewedAs: OidcIssuer },
  { name: 'HCP Terraform', make: () => TerraformCloud.issuer(), reviewedAs: TerraformCloud },
  { name: 'HCP Terraform EU', make: () => TerraformCloud.eu(), reviewedAs: TerraformCloud },
  { name: 'Terraform Enterprise', make: () => TerraformCloud.enterprise('tfe.example.com'), reviewedAs: OidcIssuer },
  { name: 'Buildkite', make: () => Buildkite.issuer(), reviewedAs: Buildkite },
  { name: 'CircleCI', make: () => CircleCI.issuer('a74579f1-2e7d-451e-b009-5c082ad2729e'), reviewedAs: CircleCI },
  { name: 'Bitbucket', make: () => BitbucketPipelines.issuer({ workspace: 'acme', workspaceUuid: '{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}' }), reviewedAs: BitbucketPipelines },
  { name: 'EKS', make: () => KubernetesServiceAccounts.eks('eu-west-1', 'EXAMPLED539D4633E53DE1B716D3041E'), reviewedAs: KubernetesServiceAccounts },
  { name: 'GKE', make: () => KubernetesServiceAccounts.gke('my-project', 'europe-west1', 'prod'), reviewedAs: KubernetesServiceAccounts },
  { name: 'Kubernetes', make: () => KubernetesServiceAccounts.issuer('https://oidc.example.com/clusters/prod'), reviewedAs: OidcIssuer },
  { name: 'Google accounts', make: () => GoogleAccounts.issuer(), reviewedAs: GoogleAccounts },
  { name: 'generic', make: () => OidcIssuer.fromUrl('https://issuer.example.com/path'), reviewedAs: OidcIssuer },
];

/** AWS refuses Google accounts (azp/oaud are not modelled); everything else compiles for both clouds. */
const AWS_ISSUERS = ISSUERS.filter((i) => i.name !== 'Google accounts');

/** Claims for Google: any claim; names CEL can only index, reserved words, names with `/` and `.`. */
const GOOGLE_CLAIMS = ['sub', 'ref', 'environment', 'repository_id', 'project_path', 'oidc.circleci.com/project-id', 'in', 'x-y', 'a/b', '_z'];

// ---------------------------------------------------------------------------------------------
// Values, patterns, rules
// ---------------------------------------------------------------------------------------------

/** IAM's alphabet (tab, LF, CR, U+0020–U+00FF) with every character that needs escaping. */
const AWS_CHARS = ['a', 'b', 'Z', '0', '*', '?', '$', '{', '}', ':', '/', '%', '\\', '"', '\'', '-', '.', ' ', '\t', '\n', 'é', 'ß', '\u00ff'];
/** Any text, with what CEL, RE2 and Terraform treat specially. */
const GOOGLE_CHARS = [...AWS_CHARS, '$', '{', '%', '(', ')', '[', '^', '+', '|', '\r', '😀', '中', '\u2028', '\u0000'];

interface Alphabet {
  readonly chars: string[];
  /** Whether patterns may use `?` (Google: yes; the AWS compiler refuses it). */
  readonly anyChar: boolean;
}
const AWS_ALPHABET: Alphabet = { chars: AWS_CHARS, anyChar: false };
const GOOGLE_ALPHABET: Alphabet = { chars: GOOGLE_CHARS, anyChar: true };

const text = (a: Alphabet, min = 1, max = 5) => fc.string({ unit: fc.constantFrom(...a.chars), minLength: min, maxLength: max });

function globOf(a: Alphabet): fc.Arbitrary<Glob> {
  const part = fc.oneof(
    { weight: 3, arbitrary: text(a).map((t) => Glob.literal(t)) },
    { weight: 2, arbitrary: fc.constant(Glob.anyRun()) },
    ...(a.anyChar ? [{ weight: 1, arbitrary: fc.constant(Glob.anyChar()) }] : []),
  );
  return fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => Glob.concat(...parts));
}

function conditionOf(claims: string[], a: Alphabet): fc.Arbitrary<ClaimCondition> {
  const claim = fc.constantFrom(...claims);
  return fc.oneof(
    fc.tuple(claim, fc.array(text(a), { minLength: 1, maxLength: 3 })).map(([c, values]) => ClaimCondition.equalTo(c, ...values)),
    fc.tuple(claim, fc.array(globOf(a), { minLength: 1, maxLength: 3 })).map(([c, globs]) => ClaimCondition.likeGlob(c, ...globs)),
  );
}

function rulesOf(claims: string[], a: Alphabet): fc.Arbitrary<TrustRule[]> {
  // Few claims per rule, so that several conditions often meet on one claim.
  return fc.array(fc.shuffledSubarray(claims, { minLength: 1, maxLength: 3 }).chain((cs) =>
    fc.array(conditionOf(cs, a), { minLength: 1, maxLength: 3 }).map((conds) => TrustRule.allOf(...conds))), { minLength: 1, maxLength: 3 });
}

/** Rules from the issuer builders, for the issuers that have them (real claim shapes). */
function builderRules(issuer: IIssuer): TrustRule[] {
  if (issuer instanceof GitHubActions) {
    const repo = issuer.repository('acme/app');
    return [repo.onBranch('main'), repo.pinned({ repositoryId: '123', ownerId: '456' }).onEnvironment('prod'), repo.onTagMatching('v*')];
  }
  if (issuer instanceof GitLab) return [issuer.project('acme/platform/api').onBranch('main')];
  if (issuer instanceof KubernetesServiceAccounts) return [issuer.serviceAccount('payments', 'ledger-writer')];
  if (issuer instanceof GoogleAccounts) return [issuer.serviceAccount('113774264463038321964')];
  return [];
}

/** Some of the issuer's builder rules, with generated ones. */
function withBuilderRules(issuer: IIssuer, generated: fc.Arbitrary<TrustRule[]>): fc.Arbitrary<TrustRule[]> {
  return fc.subarray(builderRules(issuer), { minLength: 0 }).chain((b) => generated.map((r) => [...b, ...r]));
}

/** Every error-level lint rule acknowledged: generated policies are judged by the review, not refused. */
const ACKNOWLEDGED = [
  LintRuleIds.NO_SUBJECT_RESTRICTION, LintRuleIds.WILDCARD_CROSSES_TENANT, LintRuleIds.MATCHES_EVERYTHING,
  LintRuleIds.PULL_REQUEST_REACHABLE, LintRuleIds.TENANT_WIDE,
]
  .map((findingId) => ({ findingId, reason: 'generated policy for the round-trip test' }));

interface AudienceSetting {
  readonly audiences: string[];
  readonly targetDefaultAudience: boolean;
}

const audienceSetting: fc.Arbitrary<AudienceSetting> = fc.oneof(
  fc.constant<AudienceSetting>({ audiences: [], targetDefaultAudience: true }),
  fc.tuple(fc.subarray(['sts.amazonaws.com', 'custom-audience', 'https://github.com/acme', 'a"b\\c'], { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([audiences, targetDefaultAudience]) => ({ audiences, targetDefaultAudience })),
);

function policyOf(issuer: IIssuer, rules: TrustRule[], setting: AudienceSetting, seconds: number): TrustPolicy {
  return new TrustPolicy({ issuer, rules, ...setting, maxSession: SessionLifetime.seconds(seconds), acknowledgements: ACKNOWLEDGED });
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** A small seeded generator (Park–Miller): tokens are many and cheap, so they are drawn from a seed fast-check picks. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.abs(seed) % 2147483646) + 1;
  }

  /** An integer from 0 to max. */
  public int(max: number): number {
    this.state = (this.state * 48271) % 2147483647;
    return this.state % (max + 1);
  }

  public pick<T>(items: readonly T[]): T {
    return items[this.int(items.length - 1)];
  }

  public text(chars: readonly string[], max: number): string {
    return Array.from({ length: this.int(max) }, () => this.pick(chars)).join('');
  }
}

/** Claims for the rules: their values, instances of their patterns, near misses, missing and non-string claims. */
function tokensFor(random: Random, rules: TrustRule[], a: Alphabet): Array<{ [claim: string]: unknown }> {
  const byClaim = new Map<string, ClaimCondition[]>();
  for (const c of rules.flatMap((r) => r.conditions)) byClaim.set(c.claim, [...(byClaim.get(c.claim) ?? []), c]);
  const instance = (glob: Glob): string => glob.segments.map((s) => {
    if (s.kind === GlobSegmentKind.LITERAL) return s.text!;
    if (s.kind === GlobSegmentKind.ANY_CHAR) return random.pick(a.chars);
    return random.text(a.chars, 3);
  }).join('');
  const near = (v: string): string => {
    const cps = Array.from(v);
    const at = random.int(cps.length);
    const op = random.pick(['delete', 'insert', 'replace', 'case']);
    if (op === 'case') return v.toUpperCase() === v ? v.toLowerCase() : v.toUpperCase();
    if (op === 'insert') cps.splice(at, 0, random.pick(a.chars));
    else if (at < cps.length) cps.splice(at, 1, ...(op === 'replace' ? [random.pick(a.chars)] : []));
    return cps.join('');
  };
  // A token that meets one rule exactly, then variations of it.
  const tokens: Array<{ [claim: string]: unknown }> = [];
  for (let t = 0; t < TOKENS_PER_POLICY; t++) {
    const rule = random.pick(rules);
    const token: { [claim: string]: unknown } = {};
    for (const [claim, conditions] of byClaim) {
      const own = rule.conditionsOn(claim);
      const source = own.length > 0 ? own : conditions;
      const base = instance(random.pick(random.pick(source).globs));
      const how = random.pick(['match', 'match', 'match', 'near', 'missing', 'random', 'number']);
      if (how === 'missing') continue;
      token[claim] = how === 'match' ? base : how === 'near' ? near(base) : how === 'number' ? 7 : random.text(a.chars, 4);
    }
    tokens.push(token);
  }
  return tokens;
}

function holds(rules: TrustRule[], claims: { [claim: string]: unknown }): boolean {
  return rules.some((r, i) => r.evaluate(claims, i).matched);
}

function keys(rules: TrustRule[]): string[] {
  return review.RuleNormalization.normalizeAll(rules).map((r) => review.RuleNormalization.key(r));
}

/** Checks one reviewed entry against its policy; `defaultAudience` is the cloud's target default. */
function checkEntry(
  entry: review.TrustEntry, policy: TrustPolicy, issuerCase: IssuerCase, defaultAudience: string, random: Random, a: Alphabet,
): void {
  expect(entry.federated).toBe(true);
  expect(entry.unparsed).toEqual([]);
  expect(entry.rules.every((r) => r.exact && r.rule !== undefined)).toBe(true);
  expect(entry.issuerUrl).toBe(policy.issuer.url);
  expect(entry.issuer?.url).toBe(policy.issuer.url);
  expect(entry.issuer?.constructor).toBe(issuerCase.reviewedAs);

  // The same rules in normal form.
  const reviewed = entry.rules.map((r) => r.rule!);
  expect(keys(reviewed)).toEqual(keys(policy.rules));

  // The same audiences: explicit ones besides the target default, and the target default.
  const admitted = policy.audiencesFor([defaultAudience]);
  expect([...entry.audiences].sort()).toEqual(admitted.filter((x) => x !== defaultAudience).sort());
  expect(entry.admitsTargetDefaultAudience).toBe(admitted.includes(defaultAudience));
  expect(entry.checksAudience).toBe(true);

  // The same decisions.
  for (const token of tokensFor(random, policy.rules, a)) {
    const expected = holds(policy.rules, token);
    expect({ token, admitted: holds(reviewed, token) }).toEqual({ token, admitted: expected });
    const aud = random.pick([...admitted, 'other-audience']);
    const decision = entry.evaluate({ ...token, aud });
    const allowed = policy.evaluate({ ...token, aud }, { targetDefaultAudiences: [defaultAudience] }).allowed;
    expect({ token, aud, allowed: decision.allowed, certain: decision.certain }).toEqual({ token, aud, allowed, certain: true });
  }
}

/** Skips a generated declaration the compiler refuses; rethrows anything else. */
function refusedByCompiler(e: unknown): boolean {
  if (TrustErrors.isTrustError(e)) return true;
  return /AwsTrustPolicyTooLarge|GcpExpressionTooLarge|GcpTooManyGrants/.test((e as Error).message);
}

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

const awsCase = fc.constantFrom(...AWS_ISSUERS).chain((issuerCase) => {
  const issuer = issuerCase.make();
  const claims = issuer.checkableClaims(TargetCloud.AWS)!.filter((c) => c !== 'aud');
  const rules = fc.oneof(
    { weight: 4, arbitrary: rulesOf(claims, AWS_ALPHABET) },
    { weight: 1, arbitrary: withBuilderRules(issuer, rulesOf(claims, AWS_ALPHABET)) },
  );
  return fc.record({
    issuerCase: fc.constant(issuerCase),
    issuer: fc.constant(issuer),
    roles: fc.array(fc.tuple(rules, audienceSetting, fc.integer({ min: 900, max: 43200 })), { minLength: 1, maxLength: 2 }),
    imported: fc.boolean(),
  });
});

describe('round trip on AWS: review(synth(FederatedRole)) equals the policy', () => {
  test(`${RUNS} generated policies of every issuer`, () => {
    let compiled = 0;
    fc.assert(fc.property(awsCase, fc.integer(), ({ issuerCase, issuer, roles, imported }, seed) => {
      // GIVEN a stack with a provider and one or two roles
      let json: any;
      const expected: Array<{ logicalId: string; policy: TrustPolicy }> = [];
      let providerId: string | undefined;
      try {
        const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
        const provider = imported ? aws.OidcProvider.fromIssuer(stack, 'Provider', issuer) : new aws.OidcProvider(stack, 'Provider', { issuer });
        providerId = provider instanceof aws.OidcProvider ? stack.getLogicalId(provider.resource) : undefined;
        roles.forEach(([rules, setting, seconds], i) => {
          const policy = policyOf(issuer, rules, setting, seconds);
          const role = new aws.FederatedRole(stack, `Role${i}`, { provider, trust: policy });
          expected.push({ logicalId: stack.getLogicalId(role.node.defaultChild as CfnRole), policy });
        });
        json = Template.fromStack(stack).toJSON();
      } catch (e) {
        if (refusedByCompiler(e)) return fc.pre(false);
        throw e;
      }
      compiled++;

      // WHEN
      const report = review.TrustReview.cloudFormation(json, 'Stack.template.json');

      // THEN
      expect(report.entries).toHaveLength(roles.length);
      for (const { logicalId, policy } of expected) {
        const entry = report.entries.find((e) => e.identity.address === logicalId)!;
        checkEntry(entry, policy, issuerCase, 'sts.amazonaws.com', new Random(seed), AWS_ALPHABET);
        expect(entry.maxSessionSeconds).toBe(Math.max(3600, policy.maxSession.toSeconds()));
        expect(entry.provider?.address).toBe(providerId);
      }
      return true;
    }), { numRuns: RUNS, seed: SEED, maxSkipsPerRun: 100, endOnFailure: true });
    expect(compiled).toBeGreaterThanOrEqual(RUNS);
  }, 30 * 60 * 1000);
});

// ---------------------------------------------------------------------------------------------
// Google Cloud
// ---------------------------------------------------------------------------------------------

type GrantKind = 'impersonation' | 'project-role' | 'principal-set';

const googleCase = fc.constantFrom(...ISSUERS).chain((issuerCase) => {
  const issuer = issuerCase.make();
  const claims = [...new Set([...GOOGLE_CLAIMS, ...issuer.subjectClaims])];
  const rules = fc.oneof(
    { weight: 4, arbitrary: rulesOf(claims, GOOGLE_ALPHABET) },
    { weight: 1, arbitrary: withBuilderRules(issuer, rulesOf(claims, GOOGLE_ALPHABET)) },
  );
  return fc.record({
    issuerCase: fc.constant(issuerCase),
    issuer: fc.constant(issuer),
    setting: audienceSetting,
    grants: fc.array(fc.tuple(rules, fc.constantFrom<GrantKind>('impersonation', 'project-role', 'principal-set'), fc.integer({ min: 900, max: 43200 })), { minLength: 1, maxLength: 3 }),
  });
});

describe('round trip on Google Cloud: review(synth(pool, provider, grants)) equals each grant\'s policy', () => {
  test(`${RUNS} generated policies of every issuer`, () => {
    let compiled = 0;
    fc.assert(fc.property(googleCase, fc.integer(), ({ issuerCase, issuer, setting, grants }, seed) => {
      // GIVEN a pool, one provider, and one to three grants of different kinds
      let json: any;
      const expected: Array<{ match: (e: review.TrustEntry) => boolean; policy: TrustPolicy; seconds: number }> = [];
      try {
        const stack = new TerraformStack(Testing.app(), 'Stack');
        new GoogleProvider(stack, 'google', { project: 'p-proj' });
        const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'p-proj', poolId: 'ci-pool' });
        const provider = pool.addOidcProvider('Provider', { providerId: 'prov-1', issuer });
        grants.forEach(([rules, kind, seconds], i) => {
          const policy = policyOf(issuer, rules, setting, seconds);
          if (kind === 'impersonation') {
            const email = `sa-${i}@p-proj.iam.gserviceaccount.com`;
            provider.grantServiceAccountImpersonation(email, policy, seconds > 3600 ? { lifetimeExtensionParent: 'organizations/123' } : {});
            expected.push({ match: (e) => e.identity.serviceAccount === email, policy, seconds: seconds > 3600 ? 43200 : 3600 });
          } else if (kind === 'project-role') {
            provider.grantProjectRole('p-proj', `roles/custom.role${i}`, policy);
            expected.push({ match: (e) => e.identity.role === `roles/custom.role${i}`, policy, seconds: 3600 });
          } else {
            new StorageBucketIamMember(stack, `Bucket${i}`, { bucket: 'artifacts', role: `roles/custom.bucket${i}`, member: provider.principalSetFor(`bucket-${i}`, policy) });
            expected.push({ match: (e) => e.identity.role === `roles/custom.bucket${i}`, policy, seconds: 3600 });
          }
        });
        json = JSON.parse(Testing.synth(stack, true));
      } catch (e) {
        if (refusedByCompiler(e)) return fc.pre(false);
        throw e;
      }
      compiled++;

      // WHEN
      const report = review.TrustReview.terraform(json, 'cdk.tf.json');

      // THEN
      expect(report.entries).toHaveLength(grants.length);
      expect(report.findings.filter((f) => f.id.startsWith('WT2'))).toEqual([]);
      const defaultAudience = '//iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/ci-pool/providers/prov-1';
      for (const { match, policy, seconds } of expected) {
        const found = report.entries.filter(match);
        expect(found).toHaveLength(1);
        checkEntry(found[0], policy, issuerCase, defaultAudience, new Random(seed), GOOGLE_ALPHABET);
        expect(found[0].maxSessionSeconds).toBe(seconds);
      }
      return true;
    }), { numRuns: RUNS, seed: SEED, maxSkipsPerRun: 100, endOnFailure: true });
    expect(compiled).toBeGreaterThanOrEqual(RUNS);
  }, 30 * 60 * 1000);
});
