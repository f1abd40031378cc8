/**
 * Exactness of the AWS compiler (DESIGN.md, invariant 1): for every policy and every token, the
 * SYNTHESIZED role trust policy admits the token iff `TrustPolicy.evaluate` does.
 *
 * The judge is independent of src: `iamAllows` (test/aws/support/iam-evaluator.ts) runs the
 * @cloud-copilot/iam-simulate engine on the AssumeRolePolicyDocument that aws-cdk-lib synthesizes
 * for an `aws.FederatedRole`, with the provider `Ref` replaced by a concrete provider ARN. The
 * condition-key prefix and that ARN are derived here from FACTS.md ("<issuer URL without
 * https://, path included>:<claim>"), not taken from the compiler.
 *
 * What is generated, and what is deliberately left out:
 * - Policies: every issuer in src/issuers (but Google accounts, which the AWS compiler refuses:
 *   tested below) plus a generic issuer; 1–4 rules of 1–4 conditions on the claims the issuer's
 *   AWS keys cover (checkableClaims(TargetCloud.AWS), aud excluded), with `equals` and `like`, two or three conditions on one claim (equals+equals, equals+like,
 *   like+like), values rich in `* ? $ : / ' " \`, `${...}`, `${*}`, `%3A`, spaces, tab, Latin-1.
 *   They all compile: what the compiler refuses (a `?` wildcard it would have to write, a
 *   character outside tab/LF/CR/U+0020–U+00FF, more than two patterns on a key, an unsatisfiable
 *   rule, a claim STS cannot check) is generated separately and must be refused with its code.
 * - Tokens: exact admitted tokens, near misses derived from them (one character changed, case
 *   flipped, prefix or suffix, claim removed, `-evil` after a shared prefix, a literal `*` `?` `$`
 *   read as a wildcard or the reverse, the literal text `${*}`, Latin-1 look-alikes, another
 *   rule's value, audience and issuer confusion) and unrelated tokens. Claim values are strings.
 * - Audiences are single strings. A token's `aud` may be a list in OIDC, but AWS's `<issuer>:aud`
 *   key is single-valued: the compiler checks it with StringEquals, which never matches a
 *   list-valued key (iam-evaluator.test.ts, "multi-valued keys"), while the core admits a list when any member
 *   is admitted. That gap belongs to how STS fills the key, which no trust policy can change, so
 *   multi-valued audiences (and list- or number-valued claims) are out of scope here.
 * - Newlines: values tested against `like` patterns never hold LF or CR. AWS documents nothing on
 *   how `*` treats a newline, and the simulator's `*` does not match one, while the core's does;
 *   a `like` over a value with a newline is therefore an undocumented divergence, not an exactness
 *   check. Newlines are generated for claims that only `equals` conditions check, and a named test
 *   below pins that `equals` with a newline agrees.
 * - Characters outside the Basic Multilingual Plane cannot be written into an IAM policy, so
 *   policies never hold them; tokens carry them only on claims no `like` checks, where no
 *   condition can admit them.
 *
 * Settings: WT_SEED (default fixed, so CI is reproducible) and WT_AWS_PAIRS (default 10,000: the
 * minimum number of (policy, token) pairs; raising it generates more policies).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import {
  aws,
  BitbucketPipelines,
  Buildkite,
  CircleCI,
  ClaimCondition,
  GitHubActions,
  GitLab,
  Glob,
  GlobSegmentKind,
  GoogleAccounts,
  IIssuer,
  KubernetesServiceAccounts,
  OidcIssuer,
  TargetCloud,
  TerraformCloud,
  TrustErrors,
  TrustPolicy,
  TrustRule,
} from '../../src';
import { iamAllows } from './support/iam-evaluator';
import { envInteger, PROPERTY_SEED } from '../core/support';

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

const SEED = PROPERTY_SEED;

/** The minimum number of (policy, token) pairs judged. */
const MIN_PAIRS = envInteger('WT_AWS_PAIRS', 10_000, (n) => n > 10_000);

const TOKENS_PER_POLICY = 60;
/** 20% more policies than the minimum needs, so a rare policy over the size quota still leaves enough pairs. */
const POLICIES = Math.ceil((MIN_PAIRS / TOKENS_PER_POLICY) * 1.2);
/** Generous: 12,000 pairs take about 9 s on 2 cores (synthesis about 10 ms a policy, iamAllows 0.2 ms a pair). */
const TIMEOUT_MS = 120_000 + MIN_PAIRS * 15;

const AWS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const EVALUATION = { targetDefaultAudiences: [AWS_DEFAULT_AUDIENCE] };
const ACCOUNT = '123456789012';

/** Every lint finding acknowledged: these tests are about exactness, not about good trust. */
const ACKNOWLEDGE_ALL = ['WT101', 'WT102', 'WT103', 'WT104', 'WT105', 'WT106', 'WT107']
  .map((findingId) => ({ findingId, reason: 'property test: exactness only' }));

// ---------------------------------------------------------------------------------------------
// Issuers
// ---------------------------------------------------------------------------------------------

const GITHUB = GitHubActions.issuer();
const GITHUB_ENTERPRISE = GitHubActions.enterprise('acme-corp');
const GENERIC = OidcIssuer.fromUrl('https://issuer.example.com');

/** The issuers policies are generated for; GitHub, a GitHub enterprise (a key prefix with a path) and a generic issuer most often. */
const ISSUERS: IIssuer[] = [
  GITHUB,
  GITHUB_ENTERPRISE,
  GENERIC,
  GITHUB,
  GITHUB_ENTERPRISE,
  GENERIC,
  GitHubActions.dataResidency('acme'),
  GitHubActions.server('github.example.com'),
  GitLab.issuer(),
  GitLab.selfManaged('gitlab.example.com'),
  Buildkite.issuer(),
  CircleCI.issuer('a74579f1-2e7d-451e-b009-5c082ad2729e'),
  KubernetesServiceAccounts.eks('eu-west-1', 'EXAMPLED539D4633E53DE1B716D3041E'),
  TerraformCloud.issuer(),
  BitbucketPipelines.issuer({ workspace: 'acme', workspaceUuid: '{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}' }),
];

/** The claims a generated rule may check: the issuer's AWS condition keys, aud excluded. */
function awsClaims(issuer: IIssuer): string[] {
  const claims = issuer.checkableClaims(TargetCloud.AWS);
  if (!claims) throw new Error(`${issuer.url}: AWS checks every claim?`);
  return claims.filter((c) => c !== 'aud');
}

/**
 * The condition-key prefix STS uses for an issuer: the URL without `https://`, path included
 * (FACTS.md, "AWS: trust-policy condition keys"). Written here, not imported from src/aws.
 */
function keyPrefixOf(issuerUrl: string): string {
  return issuerUrl.slice('https://'.length);
}

/** The ARN IAM gives the OIDC provider of an issuer URL. */
function providerArnOf(issuerUrl: string): string {
  return `arn:aws:iam::${ACCOUNT}:oidc-provider/${keyPrefixOf(issuerUrl)}`;
}

// ---------------------------------------------------------------------------------------------
// Synthesis and judgement
// ---------------------------------------------------------------------------------------------

/** A synthesized trust policy, ready for the IAM evaluator. */
interface Compiled {
  readonly policy: TrustPolicy;
  /** The role's AssumeRolePolicyDocument with the provider Ref replaced by its ARN. */
  readonly document: any;
  /** The provider's ClientIdList. */
  readonly clientIds: string[];
}

/** Claims of a token: strings only (see the header), `iss` optional. */
type Claims = { [claim: string]: string };

/** Synthesizes an OidcProvider and a FederatedRole for the policy and reads the trust policy back. */
function synthesize(policy: TrustPolicy, trustPolicySizeQuota?: number): Compiled {
  const app = new App();
  const stack = new Stack(app, 'Exactness');
  const provider = new aws.OidcProvider(stack, 'Provider', { issuer: policy.issuer });
  new aws.FederatedRole(stack, 'Role', { provider, trust: policy, trustPolicySizeQuota });
  const template = Template.fromStack(stack);
  const providers = Object.entries(template.findResources('AWS::IAM::OIDCProvider'));
  const roles = Object.values(template.findResources('AWS::IAM::Role'));
  if (providers.length !== 1 || roles.length !== 1) throw new Error(`expected one provider and one role, got ${providers.length} and ${roles.length}`);
  const [providerId, providerResource] = providers[0];
  const arn = providerArnOf(policy.issuer.url);
  const document = replaceRef(roles[0].Properties.AssumeRolePolicyDocument, providerId, arn);
  const text = JSON.stringify(document);
  if (/"(Ref|Fn::\w+)"/.test(text)) throw new Error(`unresolved intrinsic left in the trust policy: ${text}`);
  if (JSON.stringify(document.Statement.map((s: any) => s.Principal)) !== JSON.stringify(document.Statement.map(() => ({ Federated: arn })))) {
    throw new Error(`a statement trusts another principal than the provider: ${text}`);
  }
  return { policy, document, clientIds: providerResource.Properties.ClientIdList };
}

/** A copy of `value` with every `{ Ref: logicalId }` replaced by `replacement`. */
function replaceRef(value: any, logicalId: string, replacement: string): any {
  if (Array.isArray(value)) return value.map((v) => replaceRef(v, logicalId, replacement));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && value.Ref === logicalId) return replacement;
    return Object.fromEntries(keys.map((k) => [k, replaceRef(value[k], logicalId, replacement)]));
  }
  return value;
}

/**
 * What IAM decides for a token: STS finds the provider by the token's `iss` (the policy's issuer
 * when absent), fills `<provider key prefix>:<claim>` with each claim, and evaluates the trust
 * policy with that provider as the principal.
 */
function iamDecision(compiled: Compiled, claims: Claims): boolean {
  const issuerUrl = claims.iss ?? compiled.policy.issuer.url;
  const prefix = keyPrefixOf(issuerUrl);
  const context: { [key: string]: string } = {};
  for (const [claim, value] of Object.entries(claims)) if (claim !== 'iss') context[`${prefix}:${claim}`] = value;
  return iamAllows(compiled.document, context, { federated: providerArnOf(issuerUrl) });
}

function coreDecision(policy: TrustPolicy, claims: Claims): boolean {
  return policy.evaluate(claims, EVALUATION).allowed;
}

/** The declaration in plain JSON, for disagreement reports. */
function describePolicy(policy: TrustPolicy): object {
  return {
    issuer: policy.issuer.url,
    audiences: policy.audiences,
    targetDefaultAudience: policy.admitsTargetDefaultAudience,
    rules: policy.rules.map((r) => r.conditions.map((c) => ({ claim: c.claim, operator: c.operator, values: c.values }))),
  };
}

interface Disagreement {
  readonly policy: object;
  readonly claims: Claims;
  readonly compiled: object;
  readonly iamAllows: boolean;
  readonly evaluate: boolean;
  readonly reason: string;
}

function disagreement(compiled: Compiled, claims: Claims, iam: boolean, core: boolean): Disagreement {
  return {
    policy: describePolicy(compiled.policy),
    claims,
    compiled: compiled.document,
    iamAllows: iam,
    evaluate: core,
    reason: compiled.policy.evaluate(claims, EVALUATION).reason,
  };
}

/** Expects IAM and the core to agree on each token, and the core to decide as `expected` says. */
function expectAgreement(compiled: Compiled, cases: Array<[claims: Claims, expected: boolean]>): void {
  const results = cases.map(([claims]) => {
    const core = coreDecision(compiled.policy, claims);
    const iam = iamDecision(compiled, claims);
    return { claims, core, iam };
  });
  expect(results.filter((r) => r.iam !== r.core).map((r) => disagreement(compiled, r.claims, r.iam, r.core))).toEqual([]);
  expect(results.map((r) => r.core)).toEqual(cases.map(([, expected]) => expected));
}

function policyOf(issuer: IIssuer, rules: TrustRule[], audiences: { audiences?: string[]; targetDefaultAudience?: boolean } = {}): TrustPolicy {
  return new TrustPolicy({ issuer, rules, ...audiences, acknowledgements: ACKNOWLEDGE_ALL });
}

/** The error code thrown by `fn`, or undefined when it returns. */
function codeThrownBy(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return TrustErrors.codeOf(e) ?? `not a TrustError: ${String(e)}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/**
 * Small random choices on top of fast-check's `gen`, so runs stay seeded and replayable. The
 * properties run with `unbiased: true`: fast-check otherwise favours the bounds of every
 * integer, which would skew the percentages below (first fragments, first mutations, ...).
 */
class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  public int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /** True with `percent` % probability. */
  public chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  public pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** `n` items, each picked independently. */
  public some<T>(items: readonly T[], min: number, max: number): T[] {
    return Array.from({ length: this.int(min, max) }, () => this.pick(items));
  }
}

/** Pieces of policy values and token values: IAM's special characters, encodings, Latin-1. */
const FRAGMENTS = [
  'a', 'b', 'z', 'A', '0', '7', 'acme', 'app', 'main', 'prod', '-', '_', '.', '/', ':', '%3A', '@', ' ', '\t',
  '*', '?', '$', '{', '}', '${', '${*}', '${?}', '${$}', '${x}', '${aws:username}', '$$', '**', '*?',
  '\'', '"', '\\', '\\*', 'é', 'É', 'ÿ', 'ß', '\u00a0', '\u0080', '\u0085', '\u00ff', '~',
];
/** Whole values shaped like real claims, so shared prefixes and `-evil` suffixes mean something. */
const REALISTIC = [
  'repo:acme/app:ref:refs/heads/main', 'repo:acme/app:environment:prod', 'repo:acme/app:pull_request',
  'repo:acme@789/app@123456:ref:refs/heads/main', 'acme', 'acme/app', 'refs/heads/main', 'refs/tags/v1.0.0',
  '123456', '789', 'system:serviceaccount:ns:sa', 'organization:acme:project:Default Project:workspace:ws:run_phase:apply',
  'project_path:acme/app:ref_type:branch:ref:main', 'acme/workflows/.github/workflows/deploy.yml@refs/heads/main',
];
const NEWLINES = ['\n', '\r', '\r\n'];
const ASTRAL = ['😀', '\u{1F512}', '\u{10FFFF}'];
const AUDIENCE_NEAR_MISSES = ['sts.amazonaws.com ', 'STS.amazonaws.com', 'api://AzureADTokenExchange', 'sts.amazonaws.co', ' sts.amazonaws.com', ''];
const EXTRA_AUDIENCES = ['api://custom-aud', 'my aud', 'urn:aud:*?', 'aud-${x}', 'aud-${*}', 'acme-ci'];

/** A policy value or token fragment text, up to about 24 characters. */
function drawText(d: Draw, newlines: boolean): string {
  const fragments = newlines ? [...FRAGMENTS, ...NEWLINES] : FRAGMENTS;
  switch (d.int(0, 5)) {
    case 0: return d.pick(REALISTIC);
    case 1: return d.pick(REALISTIC) + d.some(fragments, 1, 3).join('');
    default: return d.some(fragments, 1, 5).join('');
  }
}

/** Text for a `*` to stand for: often empty, sometimes special characters. */
function drawFill(d: Draw): string {
  return d.chance(25) ? '' : d.some(FRAGMENTS, 1, 3).join('');
}

/** A `like` pattern without `?` wildcards, built so literal `*`, `?` and `$` stay literal. */
function drawGlob(d: Draw): Glob {
  switch (d.int(0, 5)) {
    case 0:
      // Glob.pattern text: its `*` are wildcards (no `?`: that one is refused, see below).
      return Glob.pattern(d.some(FRAGMENTS.filter((f) => !f.includes('?')), 1, 5).join('') || '*');
    case 1:
      return Glob.concat(Glob.literal(d.pick(REALISTIC).replace(/[^:/]*$/, '') || 'x'), Glob.anyRun());
    default: {
      const parts = Array.from({ length: d.int(1, 4) }, () => (d.chance(40) ? Glob.anyRun() : Glob.literal(drawText(d, false))));
      if (!parts.some((p) => !p.isLiteral) && d.chance(80)) parts.splice(d.int(0, parts.length), 0, Glob.anyRun());
      return Glob.concat(...parts);
    }
  }
}

/** A non-empty value the glob matches: its literal text, with each `*` filled. */
function witness(d: Draw, glob: Glob): string {
  const onlyWildcards = glob.isWildcardOnly;
  return glob.segments.map((s) => {
    switch (s.kind) {
      case GlobSegmentKind.LITERAL: return s.text!;
      // Equals values cannot be empty, and a witness may become one.
      case GlobSegmentKind.ANY_RUN: return onlyWildcards ? d.some(FRAGMENTS, 1, 3).join('') : drawFill(d);
      default: return d.pick(['x', '*', '?', 'é', ' ']);
    }
  }).join('');
}

/** A glob that also matches `value`: a part of it replaced by `*` (or one `?` on an equals claim). */
function globThrough(d: Draw, value: string, anyChar: boolean): Glob {
  const chars = Array.from(value);
  const from = d.int(0, chars.length);
  const to = d.int(from, chars.length);
  const before = chars.slice(0, from).join('');
  const after = chars.slice(to).join('');
  const wildcard = anyChar && to === from + 1 ? Glob.anyChar() : Glob.anyRun();
  return Glob.concat(...(before ? [Glob.literal(before)] : []), wildcard, ...(after ? [Glob.literal(after)] : []));
}

type Op = 'equals' | 'like';

/** A generated policy and what token generation needs to know about it. */
interface Generated {
  readonly policy: TrustPolicy;
  /** Claims some `like` checks: their token values never hold LF, CR or astral characters. */
  readonly likeClaims: Set<string>;
  /** Per rule and claim, one value all its conditions admit. */
  readonly witnesses: Array<Map<string, string>>;
  /** Every value the policy mentions, for swaps between rules. */
  readonly values: string[];
}

function drawAudiences(d: Draw): { audiences?: string[]; targetDefaultAudience?: boolean } {
  switch (d.int(0, 4)) {
    case 0: return {};
    case 1: return { audiences: [AWS_DEFAULT_AUDIENCE] };
    case 2: return { audiences: [d.pick(EXTRA_AUDIENCES), AWS_DEFAULT_AUDIENCE] };
    case 3: return { audiences: d.some(EXTRA_AUDIENCES, 1, 2), targetDefaultAudience: true };
    default: return { audiences: d.some(EXTRA_AUDIENCES, 1, 2), targetDefaultAudience: false };
  }
}

/** A compilable policy: 1–4 rules of 1–4 conditions, some claims checked twice or three times. */
function drawPolicy(d: Draw): Generated {
  const issuer = d.pick(ISSUERS);
  const claims = awsClaims(issuer);
  // Structure first: which claims each rule checks, and how.
  const shapes: Array<Map<string, Op[]>> = Array.from({ length: d.int(1, 4) }, () => {
    const shape = new Map<string, Op[]>();
    const n = d.int(1, 4);
    for (let i = 0; i < n; i++) {
      const used = [...shape.keys()];
      const again = used.length > 0 && (used.length === claims.length || d.chance(35));
      const claim = again ? d.pick(used) : d.pick(claims.filter((c) => !shape.has(c)));
      const ops = shape.get(claim) ?? [];
      const likes = ops.filter((o) => o === 'like').length;
      if (ops.length >= 3) continue;
      ops.push(likes >= 2 || d.chance(45) ? 'equals' : 'like');
      shape.set(claim, ops);
    }
    return shape;
  });
  const likeClaims = new Set(shapes.flatMap((s) => [...s].filter(([, ops]) => ops.includes('like')).map(([c]) => c)));
  const values: string[] = [];
  const witnesses: Array<Map<string, string>> = [];
  const rules = shapes.map((shape) => {
    const ruleWitnesses = new Map<string, string>();
    const conditions = [...shape].flatMap(([claim, ops]) => {
      const { conditions: cs, witness: w } = drawClaimConditions(d, claim, ops, !likeClaims.has(claim));
      ruleWitnesses.set(claim, w);
      values.push(w, ...cs.flatMap((c) => c.values));
      return cs;
    });
    witnesses.push(ruleWitnesses);
    // Conditions in a random order: the compiler must not depend on it.
    const shuffled = conditions.map((c) => [d.int(0, 999), c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    return TrustRule.allOf(...shuffled);
  });
  return { policy: policyOf(issuer, rules, drawAudiences(d)), likeClaims, witnesses, values };
}

/**
 * The conditions of one rule on one claim, all satisfied by the returned witness (so the rule
 * compiles, and admitted tokens exist). With an `equals` on the claim, a `like` is only used to
 * intersect, never written, so it may hold a `?` wildcard.
 */
function drawClaimConditions(d: Draw, claim: string, ops: Op[], newlines: boolean): { conditions: ClaimCondition[]; witness: string } {
  const likes = ops.filter((o) => o === 'like').length;
  const equals = ops.length - likes;
  let w: string;
  const globs: Glob[] = [];
  if (likes > 0) {
    const first = drawGlob(d);
    w = witness(d, first);
    globs.push(first);
    // The second pattern goes through the witness, unless the rule may be unsatisfiable (like+like only).
    if (likes > 1) globs.push(equals === 0 && d.chance(15) ? drawGlob(d) : globThrough(d, w, false));
  } else {
    w = drawText(d, newlines);
  }
  if (equals > 0 && likes > 0 && d.chance(30)) globs[0] = globThrough(d, w, true);
  const conditions: ClaimCondition[] = [];
  for (let i = 0; i < equals; i++) {
    const others = Array.from({ length: d.int(0, 2) }, () => drawText(d, newlines));
    const vals = [...others];
    vals.splice(d.int(0, vals.length), 0, w);
    conditions.push(ClaimCondition.equals(claim, ...vals));
  }
  for (const glob of globs) {
    const extra = d.chance(25) ? [drawGlob(d)] : [];
    conditions.push(ClaimCondition.likeGlob(claim, ...(d.chance(50) ? [glob, ...extra] : [...extra, glob])));
  }
  return { conditions, witness: w };
}

/** A token a rule admits (unless its like+like patterns are disjoint), and the claims that rule checks. */
function admittedToken(d: Draw, gen: Generated): { claims: Claims; checked: string[] } {
  const { policy } = gen;
  const index = d.int(0, policy.rules.length - 1);
  const claims: Claims = {};
  for (const [claim, value] of gen.witnesses[index]) claims[claim] = value;
  const checked = Object.keys(claims);
  // Some claims the rule does not check, with any value.
  for (const claim of awsClaims(policy.issuer)) {
    if (!(claim in claims) && d.chance(15)) claims[claim] = d.chance(50) ? d.pick(gen.values) : drawText(d, !gen.likeClaims.has(claim));
  }
  claims.aud = d.pick(policy.audiencesFor([AWS_DEFAULT_AUDIENCE]));
  if (d.chance(20)) claims.iss = policy.issuer.url;
  return { claims, checked };
}

const MUTATIONS = [
  'char', 'case', 'prefix', 'suffix', 'remove', 'evil', 'wildcard', 'policyVariable', 'truncate',
  'lookalike', 'empty', 'swap', 'newline', 'astral', 'audience', 'issuer',
] as const;

/** One near-miss edit of a token, mostly on a claim the admitting rule checks. */
function mutate(d: Draw, gen: Generated, claims: Claims, checked: string[]): void {
  const mutation = d.pick(MUTATIONS);
  const present = Object.keys(claims).filter((c) => c !== 'aud' && c !== 'iss');
  const claim = d.chance(85) ? d.pick(checked) : d.pick(present.length > 0 && d.chance(50) ? present : awsClaims(gen.policy.issuer));
  const value = claims[claim] ?? '';
  const chars = Array.from(value);
  const at = d.int(0, chars.length);
  const insert = (text: string) => { claims[claim] = [...chars.slice(0, at), text, ...chars.slice(at)].join(''); };
  switch (mutation) {
    case 'char':
      if (chars.length === 0) return insert(d.pick(FRAGMENTS));
      chars[Math.min(at, chars.length - 1)] = d.pick(['x', 'A', '*', '?', '$', '{', '/', ':', 'é', ' ']);
      claims[claim] = chars.join('');
      return;
    case 'case': {
      const flip = (c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());
      const flipped = d.chance(50) ? chars.map(flip) : chars.map((c, i) => (i === Math.min(at, chars.length - 1) ? flip(c) : c));
      // Keep one character per character and inside Latin-1 ('ÿ' would become U+0178, 'ß' 'SS').
      claims[claim] = flipped.map((c, i) => (c.length === 1 && c.charCodeAt(0) <= 0xff ? c : chars[i])).join('');
      return;
    }
    case 'prefix': claims[claim] = d.pick(FRAGMENTS) + value; return;
    case 'suffix': claims[claim] = value + d.pick([...FRAGMENTS, '-evil', '/x']); return;
    case 'remove': delete claims[claim]; return;
    case 'evil': {
      // acme/app -> acme/app-evil, acme -> acme-evil: a name that shares the admitted prefix.
      const boundaries = chars.flatMap((c, i) => (c === '/' || c === ':' || c === '@' ? [i] : [])).concat(chars.length);
      const cut = d.pick(boundaries);
      claims[claim] = [...chars.slice(0, cut), '-evil', ...chars.slice(cut)].join('');
      return;
    }
    case 'wildcard': {
      // A literal * ? $ replaced, doubled or dropped; or a * put where the policy has none.
      const specials = chars.flatMap((c, i) => ('*?$'.includes(c) ? [i] : []));
      if (specials.length === 0) return insert(d.pick(['*', '?', '$', '**']));
      const i = d.pick(specials);
      chars[i] = d.pick(['X', '', chars[i] + chars[i], '*', '?', '$', 'Xy']);
      claims[claim] = chars.join('');
      return;
    }
    case 'policyVariable':
      if (d.chance(50) && /[*?$]/.test(value)) {
        claims[claim] = value.replace(/[*?$]/, (c) => `\${${c}}`);
        return;
      }
      return insert(d.pick(['${*}', '${?}', '${$}', '${x}', '${aws:username}', '${']));
    case 'truncate': claims[claim] = chars.slice(0, Math.max(0, chars.length - d.int(1, 3))).join(''); return;
    case 'lookalike': {
      const swaps: { [c: string]: string } = { 'e': 'é', 'é': 'e', 'y': 'ÿ', 'ÿ': 'y', ' ': '\u00a0', '\u00a0': ' ', 'a': 'à', '-': '_', '/': '\\', ':': '%3A' };
      const i = chars.findIndex((c) => c in swaps);
      if (i < 0) return insert('é');
      chars[i] = swaps[chars[i]];
      claims[claim] = chars.join('');
      return;
    }
    case 'empty': claims[claim] = ''; return;
    case 'swap': claims[claim] = d.pick(gen.values); return;
    case 'newline': return insert(d.pick(NEWLINES));
    case 'astral': return insert(d.pick(ASTRAL));
    case 'audience':
      if (d.chance(15)) delete claims.aud;
      else claims.aud = d.pick([...AUDIENCE_NEAR_MISSES, ...EXTRA_AUDIENCES, AWS_DEFAULT_AUDIENCE]);
      return;
    case 'issuer':
      // A token of another issuer: another GitHub enterprise shares the host and the claim names.
      claims.iss = d.pick(ISSUERS.filter((i) => i.url !== gen.policy.issuer.url)).url;
      return;
  }
}

/** An unrelated token: random values on random claims. */
function randomToken(d: Draw, gen: Generated): Claims {
  const claims: Claims = {};
  for (const claim of awsClaims(gen.policy.issuer)) {
    if (d.chance(40)) claims[claim] = d.chance(50) ? d.pick(gen.values) : drawText(d, true);
  }
  if (d.chance(85)) claims.aud = d.pick([...gen.policy.audiencesFor([AWS_DEFAULT_AUDIENCE]), ...AUDIENCE_NEAR_MISSES]);
  return claims;
}

/**
 * Keeps token values inside what this test checks (see the header): no LF, CR or astral
 * characters on claims a `like` checks, Latin-1 (plus astral on equals-only claims) elsewhere.
 */
function sanitize(gen: Generated, claims: Claims): Claims {
  for (const [claim, value] of Object.entries(claims)) {
    if (claim === 'aud' || claim === 'iss') continue;
    claims[claim] = gen.likeClaims.has(claim) ? value.replace(/[\n\r]/g, ' ').replace(/[^\t\u0020-\u00ff]/gu, '~') : value;
  }
  return claims;
}

function drawToken(d: Draw, gen: Generated): Claims {
  const kind = d.int(0, 99);
  if (kind < 10) return sanitize(gen, randomToken(d, gen));
  const { claims, checked } = admittedToken(d, gen);
  if (kind >= 45) {
    const edits = d.chance(75) ? 1 : 2;
    for (let i = 0; i < edits; i++) mutate(d, gen, claims, checked);
  }
  return sanitize(gen, claims);
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

describe('AWS compiler exactness: synthesized trust policy (iamAllows) vs TrustPolicy.evaluate', () => {
  test(`at least ${MIN_PAIRS} generated (policy, token) pairs agree (seed ${SEED})`, () => {
    const disagreements: Disagreement[] = [];
    let disagreementCount = 0;
    let pairs = 0;
    let allowed = 0;
    let tooLarge = 0;
    let policies = 0;
    const missingClientIds: object[] = [];

    fc.assert(fc.property(fc.gen(), (g) => {
      const d = new Draw(g);
      const gen = drawPolicy(d);
      policies++;
      let compiled: Compiled;
      try {
        compiled = synthesize(gen.policy, 4096);
      } catch (e) {
        // The only refusal a generated policy may meet: more than the auto-approved quota.
        if (String(e).includes('[AwsTrustPolicyTooLarge]')) {
          tooLarge++;
          return true;
        }
        throw e;
      }
      // IAM also requires the token's aud among the provider's client IDs.
      const admitted = gen.policy.audiencesFor([AWS_DEFAULT_AUDIENCE]);
      if (admitted.some((a) => !compiled.clientIds.includes(a))) missingClientIds.push({ admitted, clientIds: compiled.clientIds });
      for (let i = 0; i < TOKENS_PER_POLICY; i++) {
        const claims = drawToken(d, gen);
        const core = coreDecision(gen.policy, claims);
        const iam = iamDecision(compiled, claims);
        pairs++;
        if (core) allowed++;
        if (core !== iam) {
          disagreementCount++;
          if (disagreements.length < 20) disagreements.push(disagreement(compiled, claims, iam, core));
        }
      }
      return true;
    }), { seed: SEED, numRuns: POLICIES, unbiased: true });

    expect(disagreements).toEqual([]);
    expect(disagreementCount).toBe(0);
    expect(missingClientIds).toEqual([]);
    expect(tooLarge).toBeLessThanOrEqual(policies * 0.02);
    expect(pairs).toBeGreaterThanOrEqual(MIN_PAIRS);
    // Both outcomes well represented.
    expect(allowed).toBeGreaterThanOrEqual(pairs * 0.2);
    expect(pairs - allowed).toBeGreaterThanOrEqual(pairs * 0.2);
  }, TIMEOUT_MS);
});

// ---------------------------------------------------------------------------------------------
// Fail closed: what the compiler cannot write exactly is refused with its code
// ---------------------------------------------------------------------------------------------

/** Valid claim names; a defect uses one the issuer's AWS keys do not cover. */
const UNCHECKABLE = ['event_name', 'repository_owner', 'ref_type', 'workflow_ref', 'repository', 'project_path', 'custom_claim'];

type Defect = { readonly code: string; readonly rule?: TrustRule; readonly audiences?: string[] };

/** A rule (or audience) the compiler must refuse, with the code it must refuse it with. */
function drawDefect(d: Draw, issuer: IIssuer): Defect {
  const claims = awsClaims(issuer);
  const claim = d.pick(claims);
  const literal = () => drawText(d, false);
  const unwritable = d.pick(['\u0000', '\u0007', '\u000b', '\u001f', '\u0100', '€', '\u2028', '\ufeff', '😀', 'ő']);
  switch (d.int(0, 6)) {
    case 0: {
      // A `?` wildcard that would have to be written (no equals on the claim to intersect with).
      const glob = d.chance(50)
        ? Glob.pattern(`${literal().replace(/\?/g, '')}?${d.chance(50) ? '*' : ''}`)
        : Glob.concat(Glob.literal(literal()), Glob.anyChar(), ...(d.chance(50) ? [Glob.literal(literal())] : []));
      const rule = d.chance(50) ? TrustRule.allOf(ClaimCondition.likeGlob(claim, glob))
        : TrustRule.allOf(ClaimCondition.likeGlob(claim, drawGlob(d)), ClaimCondition.likeGlob(claim, glob));
      return { code: 'AwsUnsupportedWildcard', rule };
    }
    case 1: {
      // A character IAM policies cannot hold, in an equals value, a like literal, or an audience.
      const text = [...Array.from(literal())];
      text.splice(d.int(0, text.length), 0, unwritable);
      const bad = text.join('');
      switch (d.int(0, 2)) {
        case 0: return { code: 'AwsUnwritableCharacter', rule: TrustRule.allOf(ClaimCondition.equals(claim, bad)) };
        case 1: return { code: 'AwsUnwritableCharacter', rule: TrustRule.allOf(ClaimCondition.likeGlob(claim, Glob.concat(Glob.literal(bad), Glob.anyRun()))) };
        default: return { code: 'AwsUnwritableCharacter', audiences: [AWS_DEFAULT_AUDIENCE, bad] };
      }
    }
    case 2:
      // Three patterns on one key: one statement can AND only two.
      return { code: 'AwsTooManyConditionsOnClaim', rule: TrustRule.allOf(...Array.from({ length: d.int(3, 4) }, () => ClaimCondition.likeGlob(claim, drawGlob(d)))) };
    case 3: {
      // Equals with no common value.
      const a = literal();
      const b = literal() + '#';
      return { code: 'AwsUnsatisfiableRule', rule: TrustRule.allOf(ClaimCondition.equals(claim, a), ClaimCondition.equals(claim, b === a ? `${b}#` : b)) };
    }
    case 4: {
      // Equals whose values no pattern of the like admits.
      const value = literal();
      return { code: 'AwsUnsatisfiableRule', rule: TrustRule.allOf(ClaimCondition.equals(claim, value), ClaimCondition.likeGlob(claim, Glob.concat(Glob.literal(`${value}#`), Glob.anyRun()))) };
    }
    default: {
      const unchecked = UNCHECKABLE.filter((c) => !claims.includes(c));
      return { code: 'AwsUnsupportedClaim', rule: TrustRule.allOf(ClaimCondition.equals(d.pick(unchecked), literal())) };
    }
  }
}

describe('AWS compiler fails closed: declarations it cannot write exactly are refused', () => {
  test('a generated policy with one defect is refused with the defect\'s code, never synthesized', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(fc.gen(), (g) => {
      const d = new Draw(g);
      const { policy } = drawPolicy(d);
      const defect = drawDefect(d, policy.issuer);
      seen.add(defect.code);
      const rules = [...policy.rules];
      if (defect.rule) rules.splice(d.int(0, rules.length), 0, defect.rule);
      const audiences = defect.audiences
        ? { audiences: defect.audiences }
        : { audiences: policy.audiences, targetDefaultAudience: policy.admitsTargetDefaultAudience };
      const broken = policyOf(policy.issuer, rules, audiences);
      const stack = new Stack(new App(), 'Refused');
      const provider = new aws.OidcProvider(stack, 'Provider', { issuer: broken.issuer });
      expect(codeThrownBy(() => new aws.FederatedRole(stack, 'Role', { provider, trust: broken, trustPolicySizeQuota: 4096 }))).toBe(defect.code);
      expect(stack.node.tryFindChild('Role')).toBeUndefined();
    }), { seed: SEED, numRuns: 300, unbiased: true });
    expect([...seen].sort()).toEqual(['AwsTooManyConditionsOnClaim', 'AwsUnsatisfiableRule', 'AwsUnsupportedClaim', 'AwsUnsupportedWildcard', 'AwsUnwritableCharacter']);
  });

  test('an equals condition intersects a like with ? exactly instead of refusing it', () => {
    // The `?` is only used to pick the equal values, never written into the policy.
    const compiled = synthesize(policyOf(GENERIC, [TrustRule.allOf(ClaimCondition.equals('sub', 'ab', 'aé', 'abc'), ClaimCondition.like('sub', 'a?'))]));
    expect(compiled.document.Statement[0].Condition.StringEquals['issuer.example.com:sub']).toEqual(['ab', 'aé']);
    expectAgreement(compiled, [
      [{ aud: AWS_DEFAULT_AUDIENCE, sub: 'ab' }, true],
      [{ aud: AWS_DEFAULT_AUDIENCE, sub: 'aé' }, true],
      [{ aud: AWS_DEFAULT_AUDIENCE, sub: 'a😀' }, false],
      [{ aud: AWS_DEFAULT_AUDIENCE, sub: 'abc' }, false],
      [{ aud: AWS_DEFAULT_AUDIENCE, sub: 'ax' }, false],
    ]);
  });

  test('Google accounts tokens are refused: IAM reads their aud from azp', () => {
    const google = GoogleAccounts.issuer();
    expect(codeThrownBy(() => synthesize(policyOf(google, [google.serviceAccount('113774264463038321964')])))).toBe('AwsUnsupportedIssuer');
  });

  test('a trust policy over the quota is refused at synth', () => {
    const policy = policyOf(GITHUB, [GITHUB.repository('acme/app').onBranch('b'.repeat(2100))]);
    expect(() => synthesize(policy)).toThrow(/\[AwsTrustPolicyTooLarge\]/);
  });
});

// ---------------------------------------------------------------------------------------------
// Adversarial cases (DESIGN.md), each judged on the synthesized document
// ---------------------------------------------------------------------------------------------

const AUD = AWS_DEFAULT_AUDIENCE;

describe('AWS compiler exactness: adversarial cases', () => {
  const github = GITHUB;
  const app = github.repository('acme/app');

  test('the condition keys carry the issuer path (enterprise issuer)', () => {
    const compiled = synthesize(policyOf(GITHUB_ENTERPRISE, [GITHUB_ENTERPRISE.repository('acme/app').onBranch('main')]));
    const keys = Object.values(compiled.document.Statement[0].Condition).flatMap((block: any) => Object.keys(block));
    expect(keys.sort()).toEqual(['token.actions.githubusercontent.com/acme-corp:aud', 'token.actions.githubusercontent.com/acme-corp:sub']);
    const token = { aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main' };
    expectAgreement(compiled, [
      [token, true],
      // The same claims from github.com: another provider.
      [{ ...token, iss: GITHUB.url }, false],
    ]);
  });

  test('missing sub', () => {
    const compiled = synthesize(policyOf(github, [app.onBranch('main')]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main' }, true],
      [{ aud: AUD }, false],
      [{ aud: AUD, repository: 'acme/app', ref: 'refs/heads/main' }, false],
      [{ aud: AUD, sub: '' }, false],
    ]);
  });

  test('missing sub under a pattern that matches every value', () => {
    const compiled = synthesize(policyOf(GENERIC, [TrustRule.allOf(ClaimCondition.like('sub', '*'))]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'anything' }, true],
      [{ aud: AUD, sub: '' }, true],
      [{ aud: AUD }, false],
      [{ aud: AUD, email: 'x' }, false],
    ]);
  });

  test('subject repo:acme/app:* does not admit repository acme/app-evil', () => {
    const compiled = synthesize(policyOf(github, [TrustRule.allOf(ClaimCondition.like('sub', 'repo:acme/app:*')), app.anyRef()]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main' }, true],
      [{ aud: AUD, sub: 'repo:acme/app:environment:prod' }, true],
      [{ aud: AUD, sub: 'repo:acme/app-evil:ref:refs/heads/main' }, false],
      [{ aud: AUD, sub: 'repo:acme/app-evil:environment:prod' }, false],
      [{ aud: AUD, sub: 'repo:acme/app' }, false],
      [{ aud: AUD, sub: 'repo:acme/apps:ref:refs/heads/main' }, false],
    ]);
  });

  test('owner acme does not admit owner acme-evil', () => {
    const compiled = synthesize(policyOf(github, [github.organization('acme').allRepositories().onBranch('main')]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main' }, true],
      [{ aud: AUD, sub: 'repo:acme/other:ref:refs/heads/main' }, true],
      [{ aud: AUD, sub: 'repo:acme-evil/app:ref:refs/heads/main' }, false],
      [{ aud: AUD, sub: 'repo:acmeevil/app:ref:refs/heads/main' }, false],
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main-evil' }, false],
    ]);
  });

  test('fork pull requests are admitted only by a pull-request rule', () => {
    const branchOnly = synthesize(policyOf(github, [app.onBranch('main')]));
    const withPullRequests = synthesize(policyOf(github, [app.onBranch('main'), app.onPullRequest()]));
    const pr = { aud: AUD, sub: 'repo:acme/app:pull_request', ref: 'refs/pull/1/merge' };
    expectAgreement(branchOnly, [[pr, false]]);
    expectAgreement(withPullRequests, [[pr, true], [{ ...pr, sub: 'repo:evil/app:pull_request' }, false]]);
  });

  test('renamed or recreated repositories: pinned IDs decide', () => {
    const compiled = synthesize(policyOf(github, [app.pinned({ repositoryId: '123456', ownerId: '789' }).onBranch('main')]));
    const ids = { repository_id: '123456', repository_owner_id: '789' };
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main', ...ids }, true],
      [{ aud: AUD, sub: 'repo:acme@789/app@123456:ref:refs/heads/main', ...ids }, true],
      // The name recreated by someone else: new IDs.
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main', repository_id: '999', repository_owner_id: '789' }, false],
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main', repository_id: '123456' }, false],
      [{ aud: AUD, sub: 'repo:acme@789/app@999:ref:refs/heads/main', ...ids }, false],
    ]);
  });

  test('literal * ? $ { in branch names stay literal', () => {
    const compiled = synthesize(policyOf(github, [app.onBranch('feat*'), app.onBranch('a?b'), app.onBranch('pr$od'), app.onBranch('x{y}')]));
    const sub = (branch: string) => ({ aud: AUD, sub: `repo:acme/app:ref:refs/heads/${branch}` });
    expectAgreement(compiled, [
      [sub('feat*'), true], [sub('feat'), false], [sub('featX'), false], [sub('feat*x'), false],
      [sub('a?b'), true], [sub('axb'), false], [sub('ab'), false],
      [sub('pr$od'), true], [sub('prod'), false], [sub('pr${$}od'), false],
      [sub('x{y}'), true], [sub('xy'), false],
    ]);
  });

  test('literal ${...} in environment names is never read as a policy variable', () => {
    // Under StringEquals, IAM would substitute `${token.actions.githubusercontent.com:repository}`
    // with the token's repository claim: the actor rule would then admit any actor named like
    // the repository.
    const variable = '${token.actions.githubusercontent.com:repository}';
    const compiled = synthesize(policyOf(github, [
      app.onEnvironment('a${b}'), app.onEnvironment('${*}'), app.onEnvironment('${aws:username}'),
      TrustRule.allOf(ClaimCondition.equals('actor', variable)),
    ]));
    const env = (name: string) => ({ aud: AUD, sub: `repo:acme/app:environment:${name}` });
    expectAgreement(compiled, [
      [env('a${b}'), true], [env('a'), false], [env('ab'), false], [env('a${$}{b}'), false],
      [env('${*}'), true], [env('*'), false], [env('anything'), false], [env(''), false],
      // GitHub encodes the ':' of the name in sub.
      [env('${aws%3Ausername}'), true], [env('${aws:username}'), false], [env('alice'), false],
      [{ aud: AUD, actor: variable, repository: 'acme/app' }, true],
      [{ aud: AUD, actor: 'acme/app', repository: 'acme/app' }, false],
      [{ aud: AUD, actor: '', repository: '' }, false],
    ]);
  });

  test('literal * and ? inside a branch pattern, with a real wildcard after them', () => {
    const compiled = synthesize(policyOf(github, [app.onBranchMatching('re$lease/*'), TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal('repo:acme/app:ref:refs/heads/a*?'), Glob.anyRun())))]));
    const sub = (branch: string) => ({ aud: AUD, sub: `repo:acme/app:ref:refs/heads/${branch}` });
    expectAgreement(compiled, [
      [sub('re$lease/1'), true], [sub('re$lease/'), true], [sub('release/1'), false],
      [sub('a*?'), true], [sub('a*?z'), true], [sub('abc'), false], [sub('axyz'), false], [sub('a*'), false],
    ]);
  });

  test('a ? wildcard in a branch pattern is refused (AWS reads it per UTF-16 unit)', () => {
    const policy = policyOf(github, [app.onBranchMatching('v?')]);
    expect(codeThrownBy(() => synthesize(policy))).toBe('AwsUnsupportedWildcard');
  });

  test('colons in branch names are encoded in sub', () => {
    const compiled = synthesize(policyOf(github, [app.onBranch('a:b')]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/a%3Ab' }, true],
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/a:b' }, false],
    ]);
  });

  test('quotes and backslashes', () => {
    const names = ['it\'s', 'say "hi"', 'back\\slash', 'trail\\', '\\*', '"\'\\"'];
    const compiled = synthesize(policyOf(github, names.map((n) => app.onEnvironment(n))), 4096);
    const env = (name: string) => ({ aud: AUD, sub: `repo:acme/app:environment:${name}` });
    expectAgreement(compiled, [
      ...names.map((n): [Claims, boolean] => [env(n), true]),
      [env('its'), false], [env('say hi'), false], [env('backslash'), false], [env('back\\\\slash'), false],
      [env('trail'), false], [env('*'), false], [env('\\x'), false], [env('\\'), false],
    ]);
  });

  test('case variants are different values', () => {
    const compiled = synthesize(policyOf(github, [app.onBranch('Main'), TrustRule.allOf(ClaimCondition.like('actor', 'Bot-*'))]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/Main' }, true],
      [{ aud: AUD, sub: 'repo:acme/app:ref:refs/heads/main' }, false],
      [{ aud: AUD, sub: 'repo:Acme/app:ref:refs/heads/Main' }, false],
      [{ aud: AUD, sub: 'REPO:acme/app:ref:refs/heads/Main' }, false],
      [{ aud: AUD, actor: 'Bot-1' }, true],
      [{ aud: AUD, actor: 'bot-1' }, false],
      [{ aud: AUD, actor: 'BOT-1' }, false],
    ]);
  });

  test('audience confusion: tokens minted for another cloud or audience', () => {
    const rule = app.onBranch('main');
    const sub = 'repo:acme/app:ref:refs/heads/main';
    const stsOnly = synthesize(policyOf(github, [rule], { audiences: [AUD] }));
    const customOnly = synthesize(policyOf(github, [rule], { audiences: ['api://acme-ci'], targetDefaultAudience: false }));
    const both = synthesize(policyOf(github, [rule], { audiences: ['api://acme-ci'], targetDefaultAudience: true }));
    const confused = ['api://AzureADTokenExchange', '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh',
      'https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh', 'STS.amazonaws.com', 'sts.amazonaws.com ', ''];
    expectAgreement(stsOnly, [[{ aud: AUD, sub }, true], [{ sub }, false], ...confused.map((aud): [Claims, boolean] => [{ aud, sub }, false])]);
    expectAgreement(customOnly, [[{ aud: 'api://acme-ci', sub }, true], [{ aud: AUD, sub }, false], ...confused.map((aud): [Claims, boolean] => [{ aud, sub }, false])]);
    expectAgreement(both, [[{ aud: 'api://acme-ci', sub }, true], [{ aud: AUD, sub }, true], ...confused.map((aud): [Claims, boolean] => [{ aud, sub }, false])]);
    // A token of another issuer with the same claims.
    expectAgreement(stsOnly, [[{ aud: AUD, sub, iss: GITHUB_ENTERPRISE.url }, false], [{ aud: AUD, sub, iss: 'https://gitlab.com' }, false]]);
  });

  test('empty strings', () => {
    const compiled = synthesize(policyOf(GENERIC, [TrustRule.allOf(ClaimCondition.like('sub', 'svc-*')), TrustRule.allOf(ClaimCondition.equals('email', 'ci@example.com'))]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'svc-' }, true],
      [{ aud: AUD, sub: '' }, false],
      [{ aud: AUD, email: '' }, false],
      [{ aud: '', sub: 'svc-x' }, false],
      [{ aud: AUD, sub: '', email: 'ci@example.com' }, true],
    ]);
  });

  test('very long values (trust policy quota raised to 4096)', () => {
    const branch = 'b'.repeat(1500);
    const prefix = `${'p'.repeat(700)}/`;
    const compiled = synthesize(policyOf(github, [app.onBranch(branch), TrustRule.allOf(ClaimCondition.likeGlob('ref', Glob.concat(Glob.literal(prefix), Glob.anyRun())))]), 4096);
    const sub = (b: string) => ({ aud: AUD, sub: `repo:acme/app:ref:refs/heads/${b}` });
    expectAgreement(compiled, [
      [sub(branch), true],
      [sub(`${branch}b`), false],
      [sub(branch.slice(1)), false],
      [sub(`${branch.slice(0, 700)}c${branch.slice(701)}`), false],
      [{ aud: AUD, ref: `${prefix}${'x'.repeat(5000)}` }, true],
      [{ aud: AUD, ref: prefix.slice(1) }, false],
    ]);
  });

  test('unicode: Latin-1 names compile and match exactly; other characters are refused or denied', () => {
    const compiled = synthesize(policyOf(github, [app.onBranch('café-ÿ'), app.onEnvironment('prod\u00a0eu')]));
    const sub = (context: string) => ({ aud: AUD, sub: `repo:acme/app:${context}` });
    expectAgreement(compiled, [
      [sub('ref:refs/heads/café-ÿ'), true],
      [sub('ref:refs/heads/cafe-y'), false],
      [sub('ref:refs/heads/cafe\u0301-ÿ'), false],
      [sub('ref:refs/heads/café-Ÿ'), false],
      [sub('ref:refs/heads/café-ÿ😀'), false],
      [sub('environment:prod\u00a0eu'), true],
      [sub('environment:prod eu'), false],
    ]);
    expect(codeThrownBy(() => synthesize(policyOf(github, [app.onBranch('main-€')])))).toBe('AwsUnwritableCharacter');
    expect(codeThrownBy(() => synthesize(policyOf(github, [app.onEnvironment('😀')])))).toBe('AwsUnwritableCharacter');
  });

  test('equals with a newline in the value matches exactly', () => {
    // IAM policies may hold LF and CR, and StringEquals compares them exactly. (A `like` over a
    // value with a newline is not checked: see the header.)
    const compiled = synthesize(policyOf(GENERIC, [
      TrustRule.allOf(ClaimCondition.equals('sub', 'line1\nline2', 'cr\r\nlf')),
      TrustRule.allOf(ClaimCondition.equals('email', 'a\n${x}')),
    ]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'line1\nline2' }, true],
      [{ aud: AUD, sub: 'cr\r\nlf' }, true],
      [{ aud: AUD, sub: 'line1\rline2' }, false],
      [{ aud: AUD, sub: 'line1 line2' }, false],
      [{ aud: AUD, sub: 'line1line2' }, false],
      [{ aud: AUD, sub: 'line1\nline2\n' }, false],
      [{ aud: AUD, sub: 'cr\nlf' }, false],
      [{ aud: AUD, email: 'a\n${x}' }, true],
      [{ aud: AUD, email: 'a\n' }, false],
      [{ aud: AUD, email: 'a\nx' }, false],
    ]);
  });

  test('two conditions on one claim: equals+equals, equals+like, like+like', () => {
    const compiled = synthesize(policyOf(GENERIC, [
      TrustRule.allOf(ClaimCondition.equals('sub', 'a', 'b*', 'c'), ClaimCondition.equals('sub', 'b*', 'c', 'd')),
      TrustRule.allOf(ClaimCondition.equals('email', 'x@a.com', 'y@b.com'), ClaimCondition.like('email', '*@a.com')),
      TrustRule.allOf(ClaimCondition.like('amr', 'mfa-*'), ClaimCondition.like('amr', '*-otp')),
    ]));
    expectAgreement(compiled, [
      [{ aud: AUD, sub: 'b*' }, true], [{ aud: AUD, sub: 'c' }, true], [{ aud: AUD, sub: 'a' }, false], [{ aud: AUD, sub: 'd' }, false], [{ aud: AUD, sub: 'bx' }, false],
      [{ aud: AUD, email: 'x@a.com' }, true], [{ aud: AUD, email: 'y@b.com' }, false], [{ aud: AUD, email: 'z@a.com' }, false],
      [{ aud: AUD, amr: 'mfa-otp' }, true], [{ aud: AUD, amr: 'mfa-x-otp' }, true], [{ aud: AUD, amr: 'mfa-x' }, false], [{ aud: AUD, amr: 'x-otp' }, false], [{ aud: AUD, amr: 'mfa-ot' }, false],
    ]);
  });
});
