export * from './core';
export * from './issuers';
export * as aws from './aws';
export * as gcp from './gcp';
export * as review from './review';
