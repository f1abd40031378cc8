// Google Cloud constructs (cdktf, @cdktf/provider-google) compiled from the core trust model: filled by the Google Cloud issue.
// This layer imports cdktf, never aws-cdk-lib.
export {};
