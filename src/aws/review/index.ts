// The review for aws-cdk-lib: a cdk-nag pack and testing helpers for stacks. This layer imports
// aws-cdk-lib, cdk-nag and the cloud-neutral review, never cdktf.
export * from './errors';
export * from './stack-trust';
export * from './workload-trust-checks';
