import { show, trustError } from '../../core/errors';
import { BlueprintErrorCode } from '../errors';

/** AWS account IDs are 12 digits. */
export const ACCOUNT = /^\d{12}$/;
/** Region codes such as `eu-west-1`, `us-gov-west-1` or `ap-southeast-4`. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** IAM policy ARNs in any partition: the account's own (`arn:aws:iam::123456789012:policy/…`) or AWS managed (`…::aws:policy/…`). */
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,}$/;
/**
 * Owner values become IAM tags (values: letters, digits, spaces and `_ . : / = + - @`, at most 256;
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html) and Google Cloud descriptions
 * (at most 256 bytes with the rest of the text): ASCII only and at most 64 characters keeps both.
 */
export const OWNER = /^[A-Za-z0-9 _.:/=+@-]{1,64}$/;
/**
 * Google Cloud project IDs: 6 to 30 lowercase letters, digits and hyphens, starting with a letter
 * and not ending with a hyphen (https://cloud.google.com/resource-manager/docs/creating-managing-projects).
 */
export const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/**
 * Service account IDs: 6 to 30 characters matching `[a-z]([-a-z0-9]*[a-z0-9])`
 * (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create).
 */
export const SERVICE_ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/**
 * IAM role names: predefined `roles/service.name`, or custom `projects/P/roles/ID` and
 * `organizations/N/roles/ID` (IDs of letters, digits, underscores and periods;
 * https://cloud.google.com/iam/docs/understanding-custom-roles).
 */
const GOOGLE_ROLE = /^(roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]+|organizations\/\d+\/roles\/[A-Za-z0-9_.]+)$/;

function check(ok: boolean, code: string, where: string, value: unknown, rule: string, fix: string): void {
  if (!ok) throw trustError(code, `${where}: ${show(value)} is not ${rule}.`, fix);
}

/** Checks an AWS account ID. */
export function checkAccount(account: string, where: string): string {
  check(typeof account === 'string' && ACCOUNT.test(account), BlueprintErrorCode.INVALID_AWS_TARGET, where, account,
    'an AWS account ID (12 digits)', 'write the account ID as a string of 12 digits, with leading zeros, e.g. "012345678901".');
  return account;
}

/** Checks an AWS region code. */
export function checkRegion(region: string, where: string): string {
  check(typeof region === 'string' && REGION.test(region), BlueprintErrorCode.INVALID_AWS_TARGET, where, region,
    'an AWS region code', 'use the region code, e.g. "eu-west-1" or "us-east-1", not its display name.');
  return region;
}

/** Checks IAM managed policy ARNs. */
export function checkPolicyArns(arns: string[], where: string): string[] {
  for (const arn of arns) {
    check(typeof arn === 'string' && POLICY_ARN.test(arn), BlueprintErrorCode.INVALID_AWS_TARGET, where, arn,
      'an IAM managed policy ARN', 'use the full ARN, e.g. "arn:aws:iam::aws:policy/ReadOnlyAccess" or "arn:aws:iam::123456789012:policy/deploy".');
  }
  return arns;
}

/** Checks the blueprint owner. */
export function checkOwner(owner: string, where: string): string {
  check(typeof owner === 'string' && OWNER.test(owner), BlueprintErrorCode.INVALID_NAME, where, owner,
    'a valid owner: 1 to 64 ASCII letters, digits, spaces and _ . : / = + @ - (it becomes an IAM tag value and part of Google Cloud descriptions)',
    'use a team name or email address, e.g. "platform-team" or "platform@example.com".');
  return owner;
}

/** Checks a Google Cloud project ID. */
export function checkProject(project: string, where: string): string {
  check(typeof project === 'string' && PROJECT.test(project), BlueprintErrorCode.INVALID_GOOGLE_TARGET, where, project,
    'a Google Cloud project ID (6 to 30 lowercase letters, digits and hyphens, starting with a letter)',
    'use the project ID (e.g. "acme-prod"), not its display name or number.');
  return project;
}

/** Checks a service account ID (the part of the email before `@`). */
export function checkServiceAccountId(accountId: string, where: string): string {
  check(typeof accountId === 'string' && SERVICE_ACCOUNT_ID.test(accountId), BlueprintErrorCode.INVALID_GOOGLE_TARGET, where, accountId,
    'a service account ID (6 to 30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)',
    'set accountId to a valid ID, e.g. "deploy-api".');
  return accountId;
}

/** Checks Google Cloud IAM role names. */
export function checkGoogleRoles(roles: string[], where: string): string[] {
  for (const role of roles) {
    check(typeof role === 'string' && GOOGLE_ROLE.test(role), BlueprintErrorCode.INVALID_GOOGLE_TARGET, where, role,
      'a Google Cloud IAM role name', 'use "roles/<service>.<role>" for predefined roles, or "projects/<project>/roles/<id>" / "organizations/<number>/roles/<id>" for custom roles.');
  }
  return roles;
}
