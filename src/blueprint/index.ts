// A platform team's blueprint: workloads declared once, produced as aws-cdk-lib stacks (through
// src/aws) and a CDKTF stack (through src/gcp). This layer imports both clouds' libraries.
export * from './errors';
export * from './blueprint-settings';
export * from './blueprint-issuer';
export * from './blueprint-tag';
export * from './blueprint-workload';
export * from './aws-blueprint-stacks';
export * from './google-blueprint-stack';
export * from './trust-blueprint';
export * from './blueprint-file';
