/**
 * Why a blueprint was refused. Each code is stable; the message names the blueprint (and, for a
 * blueprint file, the file, line and field), the value, the rule and the fix.
 */
export enum BlueprintErrorCode {
  /** A blueprint, issuer or workload name breaks the naming rules names are reused under. */
  INVALID_NAME = 'BlueprintInvalidName',
  /** Two issuers, workloads or targets share a name or an identity. */
  DUPLICATE = 'BlueprintDuplicate',
  /** A workload names an issuer, or a lookup names a workload, the blueprint does not have. */
  UNKNOWN_REFERENCE = 'BlueprintUnknownReference',
  /** An AWS account ID, region, ARN or tag value is malformed. */
  INVALID_AWS_TARGET = 'BlueprintInvalidAwsTarget',
  /** A Google Cloud project, service account or role is malformed. */
  INVALID_GOOGLE_TARGET = 'BlueprintInvalidGoogleTarget',
  /** A workload may become a Google Cloud identity, but the blueprint has no `google` settings. */
  MISSING_GOOGLE_SETTINGS = 'BlueprintMissingGoogleSettings',
  /** A stack passed to `toAws` has no literal account and region, or two stacks share them. */
  INVALID_STACK = 'BlueprintInvalidStack',
  /** A target was added after the blueprint's stacks were produced. */
  ALREADY_PRODUCED = 'BlueprintAlreadyProduced',
  /** A blueprint file cannot be read or parsed. */
  UNREADABLE_FILE = 'BlueprintUnreadableFile',
  /** A blueprint file does not satisfy the blueprint schema or the rules of its fields. */
  INVALID_FILE = 'BlueprintInvalidFile',
}
