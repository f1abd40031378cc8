import { SourceLocation } from './source-location';

/** Why part of a trust could not be read back into the core model. */
export enum UnparsedKind {
  /** An IAM condition operator the review does not model (`StringNotEquals`, `ArnLike`, `Bool`, ...). */
  UNKNOWN_OPERATOR = 'unknown-operator',
  /** `ForAllValues:...`: it also holds when the claim is missing, so in an Allow it admits tokens without the claim. */
  FOR_ALL_VALUES = 'for-all-values',
  /** `...IfExists`: the condition also holds when the claim is missing. */
  IF_EXISTS = 'if-exists',
  /** A `Null` condition (claim presence). */
  NULL_CHECK = 'null-check',
  /** A value or claim that is not one string: a number, a boolean, or a list claim such as `amr` checked element by element. */
  NON_STRING_VALUE = 'non-string-value',
  /** A condition value with an IAM policy variable (`${aws:username}`), which IAM substitutes per request. */
  POLICY_VARIABLE = 'policy-variable',
  /** A value the core model refuses (an empty value, a malformed or reserved claim name). */
  INVALID_VALUE = 'invalid-value',
  /** A condition key that is not a claim of the trusted issuer (a global `aws:` key, another issuer's key). */
  OTHER_KEY = 'other-key',
  /** A `Deny` statement, `NotPrincipal` or `NotAction`: they narrow or reshape trust in ways the model has no form for. */
  UNSUPPORTED_STATEMENT = 'unsupported-statement',
  /** An audience given as a pattern (`StringLike` with a wildcard on `aud`): the audiences cannot be listed. */
  AUDIENCE_PATTERN = 'audience-pattern',
  /** A reference (CloudFormation intrinsic, Terraform interpolation) the review cannot resolve. */
  UNRESOLVED_REFERENCE = 'unresolved-reference',
  /** A CEL expression, or a part of one, that is not one of the forms the review reads back. */
  OPAQUE_CEL = 'opaque-cel',
  /** An attribute mapping whose value for the bound principal cannot be worked out. */
  OPAQUE_MAPPING = 'opaque-mapping',
  /** A check that a claim is present (or a string) without any check of its value. */
  PRESENCE_ONLY = 'presence-only',
  /** A principal of a pool, provider or issuer that is not in the reviewed input. */
  UNKNOWN_TRUST = 'unknown-trust',
  /** An expression whose rules would multiply beyond what the review expands. */
  TOO_COMPLEX = 'too-complex',
}

/**
 * A part of a trust that could not be read back into rules: never ignored, always reported with
 * its raw text. A rule that has such parts lists the conditions that were understood, so it admits
 * at least the tokens the cloud admits through it (the review widens, never narrows).
 */
export interface UnparsedFragment {
  /** Why the fragment could not be read. */
  readonly kind: UnparsedKind;
  /** The raw text, as in the input (JSON for template parts, the expression for CEL). */
  readonly raw: string;
  /** What the fragment means, and why it matters. */
  readonly reason: string;
  /** Where it is. */
  readonly source: SourceLocation;
  /**
   * The index of the entry's rule the fragment belongs to.
   * @default - the fragment concerns the whole entry
   */
  readonly ruleIndex?: number;
}
