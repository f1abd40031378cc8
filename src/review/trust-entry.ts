import { ReviewedIdentity } from './identity';
import { ReviewDecision } from './review-decision';
import { ReviewFinding } from './review-finding';
import { ReviewedProvider } from './reviewed-provider';
import { ReviewedRule } from './reviewed-rule';
import { SourceLocation } from './source-location';
import { UnparsedFragment } from './unparsed-fragment';
import { show } from '../core/errors';
import { IIssuer, TargetCloud } from '../core/issuer';

/** The audience AWS tools request by default (aws-actions/configure-aws-credentials, IRSA). */
const AWS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';

/** Everything a {@link TrustEntry} says. */
export interface TrustEntryProps {
  /** The cloud of the identity. */
  readonly cloud: TargetCloud;
  /** Who tokens can become. */
  readonly identity: ReviewedIdentity;
  /**
   * Whether the entry is about web identity federation. False for identities whose trust names
   * only other principals (services, accounts, SAML): they are reported for context.
   */
  readonly federated: boolean;
  /**
   * The trusted principal as the input names it, resolved where possible: the IAM OIDC provider
   * ARN, `accounts.google.com`, the Google provider's resource name, or the other principals.
   */
  readonly principal: string;
  /**
   * The token issuer URL.
   * @default - unknown (the principal could not be resolved)
   */
  readonly issuerUrl?: string;
  /**
   * The issuer, with the claim knowledge of this library's issuer classes where the URL is known
   * (GitHub Actions, GitLab, ...), else a generic OIDC issuer.
   * @default - none: the issuer is unknown, or not an OIDC issuer the lint can judge (Cognito)
   */
  readonly issuer?: IIssuer;
  /**
   * The identity provider the trust goes through.
   * @default - unknown
   */
  readonly provider?: ReviewedProvider;
  /**
   * Audiences admitted besides the target cloud's default audience.
   * @default []
   */
  readonly audiences?: string[];
  /**
   * Whether the target cloud's default audience is admitted: `sts.amazonaws.com` on AWS, the
   * workload identity provider's own resource name on Google Cloud.
   * @default false
   */
  readonly admitsTargetDefaultAudience?: boolean;
  /**
   * Whether every way in checks the audience. On AWS a statement without an `aud` condition
   * accepts every client ID registered on the provider.
   * @default true
   */
  readonly checksAudience?: boolean;
  /**
   * The ways in: any of them admits a token.
   * @default []
   */
  readonly rules?: ReviewedRule[];
  /**
   * The longest session, in seconds, that credentials obtained with a token can have.
   * @default - unknown
   */
  readonly maxSessionSeconds?: number;
  /**
   * Where the session lifetime comes from, for people.
   * @default - none
   */
  readonly maxSessionNote?: string;
  /**
   * AWS: the size of the role's trust policy in characters, minified, as IAM counts it against the
   * quota (provider ARNs at their longest).
   * @default - not measured (Google Cloud)
   */
  readonly trustPolicySize?: number;
  /**
   * Other principals the identity trusts (services, accounts, SAML providers), for context.
   * @default []
   */
  readonly otherPrincipals?: string[];
  /** Where the identity's trust is declared. */
  readonly source: SourceLocation;
  /**
   * Parts of the trust that could not be read back.
   * @default []
   */
  readonly unparsed?: UnparsedFragment[];
  /**
   * Lint findings.
   * @default []
   */
  readonly findings?: ReviewFinding[];
}

/**
 * One answer to "who can become what, for how long": an identity (role, service account,
 * resource role), the issuer whose tokens can become it through one provider, the audiences, the
 * ways in as core rules, the session lifetime, what could not be understood, and the findings.
 */
export class TrustEntry {
  /** An entry with these properties. */
  public static of(props: TrustEntryProps): TrustEntry {
    return new TrustEntry(props);
  }

  /** The cloud of the identity. */
  public readonly cloud: TargetCloud;
  /** Who tokens can become. */
  public readonly identity: ReviewedIdentity;
  /** Whether the entry is about web identity federation (false: other principals, for context). */
  public readonly federated: boolean;
  /** The trusted principal as the input names it, resolved where possible. */
  public readonly principal: string;
  /**
   * The token issuer URL.
   * @default - unknown
   */
  public readonly issuerUrl?: string;
  /**
   * The issuer with its claim knowledge.
   * @default - none
   */
  public readonly issuer?: IIssuer;
  /**
   * The identity provider the trust goes through.
   * @default - unknown
   */
  public readonly provider?: ReviewedProvider;
  /** Audiences admitted besides the target cloud's default audience. */
  public readonly audiences: string[];
  /** Whether the target cloud's default audience is admitted. */
  public readonly admitsTargetDefaultAudience: boolean;
  /** Whether every way in checks the audience. */
  public readonly checksAudience: boolean;
  /** The ways in. */
  public readonly rules: ReviewedRule[];
  /**
   * The longest session in seconds.
   * @default - unknown
   */
  public readonly maxSessionSeconds?: number;
  /**
   * Where the session lifetime comes from.
   * @default - none
   */
  public readonly maxSessionNote?: string;
  /**
   * AWS: the trust policy size in characters.
   * @default - not measured
   */
  public readonly trustPolicySize?: number;
  /** Other principals the identity trusts, for context. */
  public readonly otherPrincipals: string[];
  /** Where the identity's trust is declared. */
  public readonly source: SourceLocation;
  /** Parts of the trust that could not be read back. */
  public readonly unparsed: UnparsedFragment[];
  /** Lint findings. */
  public readonly findings: ReviewFinding[];

  private constructor(props: TrustEntryProps) {
    this.cloud = props.cloud;
    this.identity = props.identity;
    this.federated = props.federated;
    this.principal = props.principal;
    this.issuerUrl = props.issuerUrl;
    this.issuer = props.issuer;
    this.provider = props.provider;
    this.audiences = [...(props.audiences ?? [])];
    this.admitsTargetDefaultAudience = props.admitsTargetDefaultAudience ?? false;
    this.checksAudience = props.checksAudience ?? true;
    this.rules = [...(props.rules ?? [])];
    this.maxSessionSeconds = props.maxSessionSeconds;
    this.maxSessionNote = props.maxSessionNote;
    this.trustPolicySize = props.trustPolicySize;
    this.otherPrincipals = [...(props.otherPrincipals ?? [])];
    this.source = props.source;
    this.unparsed = [...(props.unparsed ?? [])];
    this.findings = [...(props.findings ?? [])];
  }

  /** Whether everything about this entry was understood: its rules are exactly what the cloud admits. */
  public get exact(): boolean {
    return this.unparsed.length === 0 && this.rules.every((r) => r.exact);
  }

  /** This entry with other findings (the review adds them once the entry is read). */
  public withFindings(findings: ReviewFinding[]): TrustEntry {
    return new TrustEntry(this.props(findings));
  }

  /**
   * What the reviewed trust decides for a token with these claims: the audience (any of `aud`,
   * a string or a list), the issuer (`iss`, when given) and then any rule. Ways in that were not
   * fully understood make a refusal uncertain instead of guessing.
   */
  public evaluate(claims: { [claim: string]: any }): ReviewDecision {
    if (!this.federated) return { allowed: false, certain: true, reason: 'the identity does not trust web identity tokens' };
    const entryUnsure = this.unparsed.some((f) => f.ruleIndex === undefined);
    const iss = claims.iss;
    if (iss !== undefined && this.issuerUrl !== undefined && iss !== this.issuerUrl) {
      return { allowed: false, certain: true, reason: `the token's issuer ${show(iss)} is not ${show(this.issuerUrl)}` };
    }
    if (this.checksAudience && !this.admitsAudience(claims.aud)) {
      return { allowed: false, certain: !entryUnsure, reason: `the token's audience ${show(claims.aud)} is not admitted` };
    }
    let maybe = false;
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i];
      const holds = r.rule === undefined ? true : r.rule.evaluate(claims, i).matched;
      if (!holds) continue;
      if (r.exact && !entryUnsure) {
        return { allowed: true, certain: true, reason: `rule ${i + 1} (${r.rule?.describe() ?? 'no claim condition'}) holds`, matchedRuleIndex: i };
      }
      maybe = true;
    }
    if (maybe) {
      return { allowed: false, certain: false, reason: 'no exactly understood rule holds, but a rule with unparsed parts might: read the unparsed fragments' };
    }
    return { allowed: false, certain: !entryUnsure, reason: this.rules.length === 0 ? 'the trust has no way in' : 'no rule holds' };
  }

  private admitsAudience(aud: unknown): boolean {
    const tokenAudiences = Array.isArray(aud) ? aud : [aud];
    return tokenAudiences.some((a) => typeof a === 'string' && (this.audiences.includes(a) || (this.admitsTargetDefaultAudience && this.isTargetDefault(a))));
  }

  private isTargetDefault(aud: string): boolean {
    if (this.cloud === TargetCloud.AWS) return aud === AWS_DEFAULT_AUDIENCE;
    const pool = this.provider?.poolId;
    const provider = this.provider?.providerId;
    if (pool === undefined || provider === undefined) return false;
    const m = /^(?:https:)?\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/.exec(aud);
    return m !== null && m[1] === pool && m[2] === provider;
  }

  /** The properties, with other findings (written out, not spread: the review builds thousands). */
  private props(findings: ReviewFinding[]): TrustEntryProps {
    return {
      cloud: this.cloud,
      identity: this.identity,
      federated: this.federated,
      principal: this.principal,
      issuerUrl: this.issuerUrl,
      issuer: this.issuer,
      provider: this.provider,
      audiences: this.audiences,
      admitsTargetDefaultAudience: this.admitsTargetDefaultAudience,
      checksAudience: this.checksAudience,
      rules: this.rules,
      maxSessionSeconds: this.maxSessionSeconds,
      maxSessionNote: this.maxSessionNote,
      trustPolicySize: this.trustPolicySize,
      otherPrincipals: this.otherPrincipals,
      source: this.source,
      unparsed: this.unparsed,
      findings,
    };
  }
}
