import { EvaluationOptions, TrustDecision } from './decision';
import { show, trustError, TrustErrorCode } from './errors';
import { IIssuer, OidcIssuer } from './issuer';
import { checkAcknowledgement } from './lint/acknowledgement';
import { Acknowledgement, Finding } from './lint/finding';
import { lint, requireAcknowledged } from './lint/lint';
import { SessionLifetime } from './session-lifetime';
import { RuleOutcome, TrustRule } from './trust-rule';

/** What a {@link TrustPolicy} admits. */
export interface TrustPolicyProps {
  /**
   * The token issuer: an issuer object (`GitHubActions.issuer()`, ...) that carries claim
   * knowledge, or an https URL equal to the tokens' `iss` claim for any other OIDC issuer.
   */
  readonly issuer: string | IIssuer;
  /**
   * Exact audiences to admit. A token is admitted when any of its audiences is admitted.
   * @default []
   */
  readonly audiences?: string[];
  /**
   * Also admit the target cloud's default audience: `sts.amazonaws.com` on AWS, the workload
   * identity provider's resource name on Google Cloud. This lets one declaration serve both clouds.
   * @default - true when `audiences` is empty, false otherwise
   */
  readonly targetDefaultAudience?: boolean;
  /** The rules: a token is admitted when any rule holds (OR); a rule holds when all its conditions hold (AND). */
  readonly rules: TrustRule[];
  /**
   * The longest lifetime of the cloud credentials obtained with a token.
   * @default SessionLifetime.oneHour()
   */
  readonly maxSession?: SessionLifetime;
  /**
   * Lint findings accepted for the whole policy, each with a reason of at least 10 characters.
   * Error-level findings not acknowledged here or on their rule make construction fail.
   * @default []
   */
  readonly acknowledgements?: Acknowledgement[];
}

/**
 * A cloud-neutral declaration of which workload tokens may get in: one issuer, the audiences it
 * admits, rules (OR) of claim conditions (AND), and the session lifetime. The AWS and Google Cloud
 * constructs compile it; {@link TrustPolicy.evaluate} is the reference semantics they must agree with.
 *
 * Construction validates the declaration and runs the lint; an error-level finding that is not
 * acknowledged throws.
 *
 * @example
 * const policy = new TrustPolicy({
 *   issuer: 'https://issuer.example.com',
 *   audiences: ['sts.amazonaws.com'],
 *   rules: [TrustRule.allOf(ClaimCondition.equals('sub', 'deployer'))],
 *   maxSession: SessionLifetime.minutes(30),
 * });
 * policy.evaluate({ aud: 'sts.amazonaws.com', sub: 'deployer' }).allowed; // true
 */
export class TrustPolicy {
  /** The issuer whose tokens this policy judges. */
  public readonly issuer: IIssuer;
  /** The exact audiences admitted. */
  public readonly audiences: string[];
  /** Whether the target cloud's default audience is admitted too. */
  public readonly admitsTargetDefaultAudience: boolean;
  /** The rules, any of which admits a token. */
  public readonly rules: TrustRule[];
  /** The longest lifetime of the credentials obtained. */
  public readonly maxSession: SessionLifetime;
  /** Policy-wide acknowledgements. */
  public readonly acknowledgements: Acknowledgement[];
  /** Every lint finding, acknowledged ones included (with their reason). */
  public readonly findings: Finding[];

  constructor(props: TrustPolicyProps) {
    this.issuer = typeof props.issuer === 'string' ? OidcIssuer.fromUrl(props.issuer) : props.issuer;
    this.audiences = checkAudiences(props.audiences ?? []);
    this.admitsTargetDefaultAudience = props.targetDefaultAudience ?? this.audiences.length === 0;
    if (this.audiences.length === 0 && !this.admitsTargetDefaultAudience) {
      throw trustError(TrustErrorCode.NO_AUDIENCE, `The trust policy for ${show(this.issuer.url)} admits no audience (audiences is empty and targetDefaultAudience is false), so no token could ever get in.`, 'list the audiences your workloads request, e.g. audiences: ["sts.amazonaws.com"], or leave targetDefaultAudience unset.');
    }
    if (!props.rules || props.rules.length === 0) {
      throw trustError(TrustErrorCode.NO_RULE, `The trust policy for ${show(this.issuer.url)} has no rule, so no token could ever get in.`, 'add at least one TrustRule, e.g. from an issuer builder: github.repository("acme/app").onBranch("main").');
    }
    this.rules = [...props.rules];
    this.maxSession = props.maxSession ?? SessionLifetime.oneHour();
    this.acknowledgements = (props.acknowledgements ?? []).map((a) => checkAcknowledgement(a, `The trust policy for ${this.issuer.url}`));
    this.findings = lint({ issuer: this.issuer, rules: this.rules, maxSession: this.maxSession }, this.acknowledgements);
    requireAcknowledged(this.findings, this.issuer.url);
  }

  /**
   * The audiences a cloud must admit for this policy, given that cloud's default audiences.
   * Compilers call this; the result is deduplicated and keeps declaration order.
   */
  public audiencesFor(targetDefaultAudiences: string[]): string[] {
    const all = this.admitsTargetDefaultAudience ? [...this.audiences, ...targetDefaultAudiences] : this.audiences;
    return [...new Set(all)];
  }

  /**
   * Whether a token with these claims is admitted, and why: the reference semantics.
   *
   * - `iss`, when present, must equal the issuer URL (when absent, the cloud already matched the
   *   token to this issuer's provider).
   * - `aud` may be a string or an array of strings; the token is admitted when any of its
   *   audiences is admitted. A missing, empty or non-string audience is refused.
   * - Then any rule must hold; a rule holds when all its conditions hold; a condition holds only
   *   on a present string claim.
   */
  public evaluate(claims: { [claim: string]: any }, options: EvaluationOptions = {}): TrustDecision {
    const iss = claims.iss;
    if (iss !== undefined && iss !== this.issuer.url) {
      return denied(`the token's issuer ${show(iss)} is not ${show(this.issuer.url)}`);
    }
    const admitted = this.audiencesFor(options.targetDefaultAudiences ?? []);
    const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!tokenAudiences.some((a) => typeof a === 'string' && admitted.includes(a))) {
      const missingDefault = this.admitsTargetDefaultAudience && !options.targetDefaultAudiences ? ' (the target default audience was not given to evaluate)' : '';
      return denied(`the token's audience ${show(claims.aud)} is not one of ${show(admitted)}${missingDefault}`);
    }
    const outcomes: RuleOutcome[] = this.rules.map((r, i) => r.evaluate(claims, i));
    const match = outcomes.find((o) => o.matched);
    if (match) {
      const rule = this.rules[match.index];
      return { allowed: true, reason: `rule ${match.index + 1} (${rule.describe()}) holds`, matchedRule: rule, matchedRuleIndex: match.index, ruleOutcomes: outcomes };
    }
    return { allowed: false, reason: `no rule holds: ${outcomes.map((o) => `rule ${o.index + 1}: ${o.explanation}`).join('; ')}`, ruleOutcomes: outcomes };
  }
}

function denied(reason: string): TrustDecision {
  return { allowed: false, reason, ruleOutcomes: [] };
}

function checkAudiences(audiences: unknown[]): string[] {
  for (const a of audiences) {
    if (typeof a !== 'string' || a.length === 0) {
      throw trustError(TrustErrorCode.INVALID_AUDIENCE, `The audience ${show(a)} is not a non-empty string.`, 'give each audience exactly as the workload requests it, e.g. "sts.amazonaws.com".');
    }
  }
  return [...new Set(audiences as string[])];
}
