import { trustError, TrustError } from '../../core/errors';

/** Why the Google Cloud review adapters refused their input. Each code is stable. */
export enum GcpReviewErrorCode {
  /** A construct path given as the identity holds no binding the review reports. */
  NOT_A_BINDING = 'GcpReviewNotABinding',
}

/** A {@link TrustError} with a Google Cloud review code: what is wrong, and the fix. */
export function gcpReviewError(code: GcpReviewErrorCode, problem: string, fix: string): TrustError {
  return trustError(code, problem, fix);
}
