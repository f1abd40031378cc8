/**
 * Why the Google Cloud compiler refused a declaration. Each code is stable; the message names the
 * construct, the value, the rule and the fix.
 */
export enum GcpTrustErrorCode {
  /** A pool or provider ID breaks Google's ID rules. */
  INVALID_ID = 'GcpInvalidId',
  /** A display name or description is too long. */
  INVALID_TEXT = 'GcpInvalidText',
  /** The provider and the trust policy name different issuers. */
  ISSUER_MISMATCH = 'GcpIssuerMismatch',
  /** Grants on one provider admit different audiences, which Google checks per provider. */
  AUDIENCE_MISMATCH = 'GcpAudienceMismatch',
  /** More allowed audiences, or longer ones, than Google accepts. */
  INVALID_AUDIENCES = 'GcpInvalidAudiences',
  /** The attribute condition or mappings exceed Google's size limits. */
  EXPRESSION_TOO_LARGE = 'GcpExpressionTooLarge',
  /** More grant attributes than Google's 50 custom attributes. */
  TOO_MANY_GRANTS = 'GcpTooManyGrants',
  /** A lifetime over one hour without the organisation-policy opt-in. */
  LIFETIME_NEEDS_EXTENSION = 'GcpLifetimeNeedsExtension',
  /** A lifetime extension parent that is not `organizations/ID`, `folders/ID` or `projects/ID`. */
  INVALID_POLICY_PARENT = 'GcpInvalidPolicyParent',
  /** A provider without any grant: Google would admit every token of the issuer to the pool. */
  NO_GRANT = 'GcpNoGrant',
}
