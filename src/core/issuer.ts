import { ClaimCondition } from './claim-condition';
import { show, trustError, TrustErrorCode } from './errors';
import { Acknowledgement } from './lint/finding';
import { SessionLifetime } from './session-lifetime';
import { TrustPolicy } from './trust-policy';
import { TrustRule } from './trust-rule';

/** A cloud the library compiles trust for. */
export enum TargetCloud {
  /** AWS IAM and STS (AssumeRoleWithWebIdentity). */
  AWS = 'aws',
  /** Google Cloud workload identity federation. */
  GOOGLE_CLOUD = 'google-cloud',
}

/** Which side of a namespace a wildcard must not cross. */
export enum BoundaryScope {
  /**
   * The tenant: owner, organisation, top-level group, Kubernetes namespace. A wildcard across it
   * admits other people's workloads (lint `WT102`, an error).
   */
  TENANT = 'tenant',
  /**
   * The workload inside a tenant: repository, project, workspace, service account. A wildcard
   * across it admits every workload of the tenant (lint `WT107`, an error unless acknowledged).
   */
  WORKLOAD = 'workload',
}

/**
 * Where the namespace ends inside a claim value: a pattern must fix the value literally up to the
 * `occurrences`-th `delimiter` before its first wildcard.
 *
 * @example
 * // GitHub `sub` = repo:OWNER/REPO:...: the owner ends at the first '/'
 * { claim: 'sub', scope: BoundaryScope.TENANT, delimiter: '/', occurrences: 1, namespace: 'repository owner' }
 */
export interface NamespaceBoundary {
  /** The claim whose value holds the namespace. */
  readonly claim: string;
  /** Which boundary this is. */
  readonly scope: BoundaryScope;
  /** What the namespace is called, for messages (e.g. `repository owner`). */
  readonly namespace: string;
  /**
   * The character that ends the namespace part.
   * @default - the whole value is the namespace: any wildcard crosses it
   */
  readonly delimiter?: string;
  /**
   * How many delimiters the literal prefix must contain.
   * @default 1
   */
  readonly occurrences?: number;
}

/** A claim and a glob pattern (`*`, `?`) its value has. */
export interface ClaimPattern {
  /** The claim. */
  readonly claim: string;
  /** The glob pattern. */
  readonly pattern: string;
  /**
   * Characters the pattern's wildcards never stand for in real tokens (e.g. `:` inside GitHub
   * subject values, which GitHub encodes as `%3A`).
   * @default '' (wildcards stand for any character)
   */
  readonly wildcardExcludes?: string;
}

/**
 * What the library knows about a token issuer: its URL and how its claims identify workloads.
 * Lint rules and cloud compilers read this; issuer classes (GitHubActions, GitLab, ...) implement
 * it, and {@link OidcIssuer.fromUrl} describes any other OIDC issuer.
 */
export interface IIssuer {
  /** The issuer URL, equal to the tokens' `iss` claim. */
  readonly url: string;
  /** The issuer's name for people, e.g. `GitHub Actions`. */
  readonly displayName: string;
  /** Whether unrelated tenants share this issuer (github.com, gitlab.com, Buildkite...). */
  readonly sharedIssuer: boolean;
  /** Claims that identify the tenant or the workload: a rule must restrict one of them (lint `WT101`). */
  readonly subjectClaims: string[];
  /**
   * Claims that identify one workload (repository, project, service account): a rule should pin
   * one of them exactly (lint `WT107`). Empty when the issuer has no tenant/workload split.
   */
  readonly workloadClaims: string[];
  /** Claims holding immutable IDs that survive renames (empty when the issuer offers none). */
  readonly immutableClaims: string[];
  /** Namespace boundaries inside claim values, for the wildcard lints. */
  readonly namespaceBoundaries: NamespaceBoundary[];
  /**
   * Claim patterns that a pull-request token carries all at once; a rule whose conditions all
   * overlap them admits pull requests (lint `WT104`). Empty when the issuer has no such notion.
   */
  readonly pullRequestIndicators: ClaimPattern[];

  /** Whether the condition pins an immutable identity (exact value of an immutable ID claim). */
  pinsImmutableIdentity(condition: ClaimCondition): boolean;

  /**
   * The claims a cloud can check for this issuer, besides `aud`.
   * @returns the claim names, or undefined when the cloud can check any claim
   */
  checkableClaims(cloud: TargetCloud): string[] | undefined;
}

/** How to describe an OIDC issuer the library has no class for. */
export interface OidcIssuerProps {
  /**
   * The display name.
   * @default - the URL's host and path
   */
  readonly displayName?: string;
  /**
   * Whether unrelated tenants share this issuer.
   * @default false
   */
  readonly sharedIssuer?: boolean;
  /**
   * Claims that identify the workload.
   * @default ['sub']
   */
  readonly subjectClaims?: string[];
  /**
   * Claims that identify one workload inside a tenant.
   * @default []
   */
  readonly workloadClaims?: string[];
  /**
   * Claims holding immutable IDs.
   * @default []
   */
  readonly immutableClaims?: string[];
  /**
   * Namespace boundaries inside claim values.
   * @default []
   */
  readonly namespaceBoundaries?: NamespaceBoundary[];
  /**
   * Patterns every pull-request token carries.
   * @default []
   */
  readonly pullRequestIndicators?: ClaimPattern[];
  /**
   * Claims AWS STS can check for this issuer besides `aud`.
   * @default - the generic OIDC keys: sub, amr, email, oaud (FACTS.md, "AWS: trust-policy condition keys")
   */
  readonly awsCheckableClaims?: string[];
}

/** Options shared by every issuer's `trust()`. */
export interface TrustOptions {
  /** The rules: a token is admitted when any rule holds. */
  readonly rules: TrustRule[];
  /**
   * Exact audiences to admit.
   * @default - the issuer's default audiences
   */
  readonly audiences?: string[];
  /**
   * Also admit the target cloud's default audience (`sts.amazonaws.com` on AWS, the workload
   * identity provider's resource name on Google Cloud).
   * @default - true when no audience is given
   */
  readonly targetDefaultAudience?: boolean;
  /**
   * The longest lifetime of the credentials obtained.
   * @default SessionLifetime.oneHour()
   */
  readonly maxSession?: SessionLifetime;
  /**
   * Lint findings accepted for the whole policy, each with a reason.
   * @default []
   */
  readonly acknowledgements?: Acknowledgement[];
}

/** The STS condition keys every OIDC issuer has besides `aud` (FACTS.md, "AWS: trust-policy condition keys"). */
const GENERIC_AWS_CLAIMS = ['sub', 'amr', 'email', 'oaud'];

/**
 * Any OIDC issuer. The issuer classes in this library (GitHubActions, GitLab, ...) extend it with
 * their claim knowledge and rule builders.
 *
 * @example
 * const issuer = OidcIssuer.fromUrl('https://issuer.example.com');
 * const policy = issuer.trust({ rules: [TrustRule.allOf(ClaimCondition.equals('sub', 'deployer'))] });
 */
export class OidcIssuer implements IIssuer {
  /** An issuer known only by its URL: `sub` identifies workloads, AWS checks the generic keys. */
  public static fromUrl(url: string, props: OidcIssuerProps = {}): OidcIssuer {
    return new OidcIssuer(url, props);
  }

  /**
   * Checks an issuer URL: https, a host, no port, query, fragment or credentials (AWS refuses a
   * port or query in an OIDC provider URL; FACTS.md, "AWS: IAM OIDC provider"). Returns it unchanged.
   */
  public static validateUrl(url: string): string {
    const bad = (why: string) => trustError(TrustErrorCode.INVALID_ISSUER, `The issuer URL ${show(url)} ${why}.`, 'use the exact value of the tokens\' iss claim, e.g. "https://token.actions.githubusercontent.com".');
    if (typeof url !== 'string' || url.length === 0) throw bad('is empty');
    if (/\s/.test(url)) throw bad('contains whitespace');
    if (!url.startsWith('https://')) throw bad('is not an https URL; OIDC issuers are always https');
    if (url.includes('\\')) throw bad('contains a backslash, which URL parsers rewrite, so the registered issuer would differ from the tokens\' iss');
    const authority = url.slice('https://'.length).split(/[/?#]/, 1)[0];
    if (authority.length === 0) throw bad('has no host');
    try {
      new URL(url);
    } catch {
      throw bad('is not a valid URL');
    }
    if (authority.startsWith('[')) throw bad('has an IP address literal as host; issuers are DNS names');
    if (authority.includes('@')) throw bad('contains credentials');
    if (authority.includes(':')) throw bad('has a port; AWS and Google accept issuer URLs without ports only');
    if (url.includes('?')) throw bad('has a query string, which issuer URLs may not have');
    if (url.includes('#')) throw bad('has a fragment, which issuer URLs may not have');
    return url;
  }

  public readonly url: string;
  public readonly displayName: string;
  public readonly sharedIssuer: boolean;
  public readonly subjectClaims: string[];
  public readonly workloadClaims: string[];
  public readonly immutableClaims: string[];
  public readonly namespaceBoundaries: NamespaceBoundary[];
  public readonly pullRequestIndicators: ClaimPattern[];
  private readonly awsCheckableClaims: string[];

  protected constructor(url: string, props: OidcIssuerProps) {
    this.url = OidcIssuer.validateUrl(url);
    this.displayName = props.displayName ?? url.slice('https://'.length);
    this.sharedIssuer = props.sharedIssuer ?? false;
    this.subjectClaims = props.subjectClaims ?? ['sub'];
    this.workloadClaims = props.workloadClaims ?? [];
    this.immutableClaims = props.immutableClaims ?? [];
    this.namespaceBoundaries = props.namespaceBoundaries ?? [];
    this.pullRequestIndicators = props.pullRequestIndicators ?? [];
    this.awsCheckableClaims = props.awsCheckableClaims ?? GENERIC_AWS_CLAIMS;
    // IAM condition keys ignore case: two spellings of one claim would read the same key.
    const lower = this.awsCheckableClaims.map((c) => c.toLowerCase());
    const twin = this.awsCheckableClaims.find((c, i) => lower.indexOf(c.toLowerCase()) !== i);
    if (twin !== undefined) {
      throw trustError(TrustErrorCode.INVALID_CLAIM, `The AWS-checkable claims of ${show(url)} list ${show(twin)} twice in different case (${show(this.awsCheckableClaims)}); IAM condition keys are case-insensitive, so both would read one claim.`, 'list each claim once, spelled as STS names it (usually lower case).');
    }
  }

  public pinsImmutableIdentity(condition: ClaimCondition): boolean {
    return this.immutableClaims.includes(condition.claim) && condition.globs.every((g) => g.isLiteral);
  }

  public checkableClaims(cloud: TargetCloud): string[] | undefined {
    // Google maps any assertion claim through CEL; AWS checks only the keys STS lists per issuer.
    return cloud === TargetCloud.AWS ? [...this.awsCheckableClaims] : undefined;
  }

  /**
   * The trust policy of this issuer: tokens are admitted when their audience is admitted and any
   * rule holds.
   */
  public trust(options: TrustOptions): TrustPolicy {
    return new TrustPolicy({
      issuer: this,
      rules: options.rules,
      audiences: options.audiences ?? this.defaultAudiences(),
      targetDefaultAudience: options.targetDefaultAudience,
      maxSession: options.maxSession,
      acknowledgements: options.acknowledgements,
    });
  }

  /**
   * The audiences a policy admits when none is given: none of the issuer's own, so the target
   * cloud's default audience applies. Issuers with a fixed audience (CircleCI) override this.
   */
  protected defaultAudiences(): string[] {
    return [];
  }
}
