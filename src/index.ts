export * from './core';
export * from './issuers';
