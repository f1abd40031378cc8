/**
 * Why the AWS compiler refused a declaration. Like the core codes, each is stable; the message
 * names the construct, the value, the rule and the fix.
 */
export enum AwsTrustErrorCode {
  /** A condition checks a claim that STS cannot check for this issuer. */
  UNSUPPORTED_CLAIM = 'AwsUnsupportedClaim',
  /** A pattern uses `?`, which IAM does not match like the core on every character. */
  UNSUPPORTED_WILDCARD = 'AwsUnsupportedWildcard',
  /** A value has a character IAM policy documents cannot hold. */
  UNWRITABLE_CHARACTER = 'AwsUnwritableCharacter',
  /** Several conditions on one claim cannot all be written into one statement. */
  TOO_MANY_CONDITIONS_ON_CLAIM = 'AwsTooManyConditionsOnClaim',
  /** Conditions of one rule admit no common value, so the rule could never hold. */
  UNSATISFIABLE_RULE = 'AwsUnsatisfiableRule',
  /** The trust policy is larger than the account's quota. */
  TRUST_POLICY_TOO_LARGE = 'AwsTrustPolicyTooLarge',
  /** The quota given is outside what IAM offers, or over 4,096 without the opt-in. */
  INVALID_QUOTA = 'AwsInvalidQuota',
  /** The role name breaks IAM's rules. */
  INVALID_ROLE_NAME = 'AwsInvalidRoleName',
  /** The provider's client IDs break IAM's limits. */
  INVALID_CLIENT_IDS = 'AwsInvalidClientIds',
  /** The issuer needs AWS-specific handling the compiler does not offer yet. */
  UNSUPPORTED_ISSUER = 'AwsUnsupportedIssuer',
  /** The provider and the trust policy name different issuers. */
  ISSUER_MISMATCH = 'AwsIssuerMismatch',
}
