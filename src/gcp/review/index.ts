// The review for cdktf: an aspect that annotates stacks with the review's findings, and testing
// helpers for stacks. This layer imports cdktf and the cloud-neutral review, never aws-cdk-lib.
export * from './errors';
export * from './terraform-stack-trust';
export * from './trust-review-aspect';
