import { show, trustError } from '../../core/errors';
import { BlueprintErrorCode } from '../errors';

/**
 * Blueprint and issuer names become Google Cloud pool and provider IDs: 4–32 characters of
 * `[a-z0-9-]`, not starting with the reserved `gcp-` (FACTS.md, "Google Cloud: Workload Identity
 * Federation"). We also require a leading letter and no trailing hyphen, so the same name is a
 * valid CloudFormation stack name and IAM role name prefix.
 */
export const GOOGLE_ID = /^[a-z][a-z0-9-]{2,30}[a-z0-9]$/;

/**
 * Workload names: 2–31 characters, so `<blueprint>-<workload>` (at most 32 + 1 + 31) always fits
 * IAM's 64-character role names (FACTS.md, "Other quotas").
 */
export const WORKLOAD_NAME = /^[a-z][a-z0-9-]{0,29}[a-z0-9]$/;

/** Checks a blueprint name (also the default Google Cloud pool ID). */
export function checkBlueprintName(name: string): string {
  return checkGoogleId(name, 'blueprint name', `blueprint ${show(name)}`);
}

/** Checks an issuer name (also the Google Cloud provider ID). */
export function checkIssuerName(name: string, where: string): string {
  return checkGoogleId(name, 'issuer name', where);
}

function checkGoogleId(name: string, what: string, where: string): string {
  if (typeof name !== 'string' || !GOOGLE_ID.test(name) || name.startsWith('gcp-')) {
    throw trustError(BlueprintErrorCode.INVALID_NAME,
      `${where}: the ${what} ${show(name)} is not valid: it becomes a Google Cloud workload identity pool or provider ID, which is 4 to 32 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen and not starting with "gcp-".`,
      `rename it, e.g. ${show(suggest(name, 32))}.`);
  }
  return name;
}

/** Checks a workload name (part of role names, construct IDs and service account IDs). */
export function checkWorkloadName(name: string, where: string): string {
  if (typeof name !== 'string' || !WORKLOAD_NAME.test(name)) {
    throw trustError(BlueprintErrorCode.INVALID_NAME,
      `${where}: the workload name ${show(name)} is not valid: workload names are 2 to 31 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, so that "<blueprint>-<workload>" is a valid IAM role name.`,
      `rename it, e.g. ${show(suggest(name, 31))}.`);
  }
  return name;
}

/** A valid-looking name derived from an invalid one, for the fix of an error message. */
function suggest(name: unknown, max: number): string {
  const base = String(name).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/^gcp-/, '').slice(0, max).replace(/-+$/, '');
  return base.length >= 4 ? base : `${base || 'name'}-wt`.slice(0, max);
}
