export { TrustTestingErrorCode } from './errors';
export * from './trust-assertion-result';
export { TrustAssertions } from './trust-assertions';
export { TrustSnapshot } from './trust-snapshot';
