/**
 * The layout every variant shares, so a difference in time or memory comes from the constructs,
 * not from how the app is cut up.
 */

/** CloudFormation allows 500 resources per stack; 200 roles leave room as examples/aws-many-roles.ts does. */
export const ROLES_PER_STACK = 200;

/**
 * Google allows 50 grant targets per provider, but a pinned rule's guarded CEL takes ~420 of the
 * condition's 4,096 characters and ~500 of the mappings' 8 KB, so 8 grants is what fits.
 */
export const GRANTS_PER_PROVIDER = 8;

/** Terraform stacks hold as many grants as AWS stacks hold roles: one pool each. */
export const GRANTS_PER_STACK = 200;

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const GCP_PROJECT = 'acme-ci';
export const OWNER_ID = '789';

/** Repository i: `acme/service-<i>`, pinned to a distinct id, deploying from environment `prod`. */
export function repository(i: number): { owner: string; repo: string; repositoryId: string } {
  return { owner: 'acme', repo: `service-${i}`, repositoryId: String(100000 + i) };
}

/** Calls `each(i, chunk)` for i in [0, n), with chunk = the index of the group of `size` it falls in. */
export function chunked(n: number, size: number, each: (i: number, chunk: number, firstInChunk: boolean) => void): void {
  for (let i = 0; i < n; i++) each(i, Math.floor(i / size), i % size === 0);
}
