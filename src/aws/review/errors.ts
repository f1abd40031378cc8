import { trustError, TrustError } from '../../core/errors';

/** Why the AWS review adapters refused their input. Each code is stable. */
export enum AwsReviewErrorCode {
  /** The stack's template could not be produced (synthesis failed, or the stack is in no Stage). */
  TEMPLATE_UNAVAILABLE = 'AwsReviewTemplateUnavailable',
  /** A construct path given as the identity names no IAM role of the stack. */
  NOT_A_ROLE = 'AwsReviewNotARole',
}

/** A {@link TrustError} with an AWS review code: what is wrong, and the fix. */
export function awsReviewError(code: AwsReviewErrorCode, problem: string, fix: string): TrustError {
  return trustError(code, problem, fix);
}
