import { trustError, TrustError } from '../core/errors';

/**
 * Why the review refused its input. Each code is stable; the message names the file, the
 * problem and the fix. What the review cannot understand *inside* valid input is never an error:
 * it is reported as an unparsed fragment with its raw text.
 */
export enum ReviewErrorCode {
  /** The path does not exist. */
  MISSING_PATH = 'ReviewMissingPath',
  /** The path exists but cannot be read (permissions, a broken link, a device). */
  UNREADABLE_PATH = 'ReviewUnreadablePath',
  /** A file is not valid JSON. */
  INVALID_JSON = 'ReviewInvalidJson',
  /** A JSON document is not a CloudFormation template or Terraform JSON configuration the review can read. */
  INVALID_TEMPLATE = 'ReviewInvalidTemplate',
  /** A directory holds nothing to review (no cdk.out manifest, template, cdktf.out stack or Terraform JSON). */
  NOTHING_TO_REVIEW = 'ReviewNothingToReview',
}

/** A {@link TrustError} with a review code: what is wrong (naming the file), and the fix. */
export function reviewError(code: ReviewErrorCode, problem: string, fix: string): TrustError {
  return trustError(code, problem, fix);
}
