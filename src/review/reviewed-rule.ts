import { SourceLocation } from './source-location';
import { TrustRule } from '../core/trust-rule';

/**
 * One way in, read back: an AWS trust statement, or one conjunction of a Google provider's
 * condition and a binding's attribute mapping.
 */
export interface ReviewedRule {
  /**
   * The claim conditions understood, as a core rule in normal form (see {@link RuleNormalization}).
   * @default - none: this way in checks no claim, or none that the review understood (see `exact`)
   */
  readonly rule?: TrustRule;
  /**
   * Whether every part of this way in was understood, so `rule` (or, without `rule`, "every token
   * of the issuer with an admitted audience") is exactly what the cloud admits. When false, the
   * entry's unparsed fragments with this rule's index are checked too: `rule` then admits at least
   * the tokens the cloud admits.
   */
  readonly exact: boolean;
  /** Where the way in is declared. */
  readonly source: SourceLocation;
}
