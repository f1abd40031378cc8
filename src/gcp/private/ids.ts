import { createHash } from 'crypto';
import { show, trustError } from '../../core/errors';
import { GcpTrustErrorCode } from '../errors';

/**
 * Pool and provider IDs: 4 to 32 characters of `a-z`, `0-9` and `-`; the `gcp-` prefix is
 * reserved (FACTS.md, "Google Cloud: Workload Identity Federation"; for providers the prefix rule
 * is likely but unverified, and enforced all the same).
 */
const ID = /^[a-z0-9-]{4,32}$/;

/** Validates a pool or provider ID, naming the construct path on failure. */
export function checkId(id: unknown, what: string, path: string): string {
  if (typeof id !== 'string' || !ID.test(id) || id.startsWith('gcp-')) {
    throw trustError(GcpTrustErrorCode.INVALID_ID,
      `${path}: the ${what} ${show(id)} is not valid: it must be 4 to 32 characters of a-z, 0-9 and -, and not start with the reserved prefix "gcp-".`,
      `choose an ID such as "ci-github"; a deleted ${what} stays taken for about 30 days.`);
  }
  return id;
}

/**
 * A custom attribute name for a grant target: readable (`[a-z0-9_]`, from the label) and unique
 * (a hash of the whole label), stable as long as the label is. Google allows 100 characters.
 */
export function attributeName(label: string): string {
  const readable = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  const digest = createHash('sha256').update(label).digest('hex').slice(0, 8);
  return `wt_${readable}_${digest}`;
}
