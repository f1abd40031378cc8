// Google Cloud constructs (cdktf, @cdktf/provider-google) compiled from the core trust model.
// This layer imports cdktf, never aws-cdk-lib.
export * from './errors';
export * from './workload-identity-pool';
export * from './workload-identity-provider';
export * from './credential-lifetime-extension';
