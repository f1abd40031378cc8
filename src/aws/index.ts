// AWS constructs (aws-cdk-lib) compiled from the core trust model. This layer imports
// aws-cdk-lib, never cdktf.
export * from './errors';
export * from './oidc-provider';
export * from './federated-role';
