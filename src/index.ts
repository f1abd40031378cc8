export * from './core';
export * from './issuers';
export * as aws from './aws';
export * as gcp from './gcp';
export * as review from './review';
export * as awsReview from './aws/review';
export * as gcpReview from './gcp/review';
export * as blueprint from './blueprint';
