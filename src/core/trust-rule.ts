import { ClaimCondition } from './claim-condition';
import { trustError, TrustErrorCode } from './errors';
import { checkAcknowledgement } from './lint/acknowledgement';
import { Acknowledgement } from './lint/finding';

/** The outcome of one rule for one token. */
export interface RuleOutcome {
  /** The rule's position in the policy. */
  readonly index: number;
  /** Whether every condition of the rule held. */
  readonly matched: boolean;
  /** Why the rule matched or did not, for people. */
  readonly explanation: string;
  /**
   * The first condition that did not hold.
   * @default - none (the rule matched)
   */
  readonly failedCondition?: ClaimCondition;
}

/**
 * One way in: a set of claim conditions that must all hold (AND). A policy admits a token when
 * any of its rules holds (OR).
 *
 * Rules are immutable: `and`, `withDescription` and `acknowledge` return new rules.
 *
 * @example
 * TrustRule.allOf(
 *   ClaimCondition.equals('repository_id', '123456'),
 *   ClaimCondition.like('ref', 'refs/heads/release/*'),
 * ).withDescription('release branches of acme/app');
 */
export class TrustRule {
  /** A rule that holds when every condition holds. At least one condition is required. */
  public static allOf(...conditions: ClaimCondition[]): TrustRule {
    return new TrustRule(conditions, undefined, []);
  }

  /** The conditions, all of which must hold. */
  public readonly conditions: ClaimCondition[];
  /**
   * What the rule admits, for people (reports, errors).
   * @default - derived from the conditions
   */
  public readonly description?: string;
  /** Lint findings accepted for this rule only, with the reasons. */
  public readonly acknowledgements: Acknowledgement[];

  private constructor(conditions: ClaimCondition[], description: string | undefined, acknowledgements: Acknowledgement[]) {
    if (conditions.length === 0) {
      throw trustError(TrustErrorCode.NO_RULE, 'A trust rule has no condition, so it would admit every token of the issuer.', 'add at least one ClaimCondition, e.g. TrustRule.allOf(ClaimCondition.equals("sub", "...")).');
    }
    this.conditions = [...conditions];
    this.description = description;
    this.acknowledgements = acknowledgements;
  }

  /** This rule with more conditions, all of which must hold too. */
  public and(...conditions: ClaimCondition[]): TrustRule {
    return new TrustRule([...this.conditions, ...conditions], this.description, this.acknowledgements);
  }

  /** This rule with a description for people. */
  public withDescription(description: string): TrustRule {
    return new TrustRule(this.conditions, description, this.acknowledgements);
  }

  /**
   * This rule with a lint finding accepted for it, e.g. `WT104` for a rule that deliberately
   * admits pull requests. The reason is kept and shown in reports.
   */
  public acknowledge(findingId: string, reason: string): TrustRule {
    const ack = checkAcknowledgement({ findingId, reason }, `Rule "${this.describe()}"`);
    return new TrustRule(this.conditions, this.description, [...this.acknowledgements.filter((a) => a.findingId !== findingId), ack]);
  }

  /** The conditions on one claim. */
  public conditionsOn(claim: string): ClaimCondition[] {
    return this.conditions.filter((c) => c.claim === claim);
  }

  /** The claims this rule checks, in first-use order. */
  public get claims(): string[] {
    return [...new Set(this.conditions.map((c) => c.claim))];
  }

  /** Whether the rule holds for the claims (index is the rule's position, for the outcome). */
  public evaluate(claims: { [claim: string]: any }, index?: number): RuleOutcome {
    for (const condition of this.conditions) {
      const value = Object.prototype.hasOwnProperty.call(claims, condition.claim) ? claims[condition.claim] : undefined;
      if (!condition.matches(value)) {
        const why = value === undefined ? `claim ${condition.claim} is missing` : typeof value !== 'string' ? `claim ${condition.claim} is not a string` : `${condition.claim} is ${JSON.stringify(value)}`;
        return { index: index ?? 0, matched: false, failedCondition: condition, explanation: `${why}, but the rule needs ${condition.toString()}` };
      }
    }
    return { index: index ?? 0, matched: true, explanation: `all ${this.conditions.length} condition(s) hold` };
  }

  /** The description, or the conditions joined with AND. */
  public describe(): string {
    return this.description ?? this.conditions.map((c) => c.toString()).join(' AND ');
  }
}
