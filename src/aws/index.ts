// AWS constructs (aws-cdk-lib) compiled from the core trust model: filled by the AWS issue.
// This layer imports aws-cdk-lib, never cdktf.
export {};
