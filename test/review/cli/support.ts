/**
 * Helpers for the review CLI tests: the SARIF schema validator, reports of the foreign fixtures,
 * and an in-memory `CliIo`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { review } from '../../../src';
import { CliIo } from '../../../src/review/cli/main';

/** The repository root: the working directory the tests show file names relative to. */
export const ROOT = path.join(__dirname, '..', '..', '..');
export const REVIEW_FIXTURES = path.join(ROOT, 'test', 'review', 'fixtures');
export const CLI_FIXTURES = path.join(__dirname, 'fixtures');

/** Every foreign fixture of the review (CloudFormation and Terraform JSON). */
export const FOREIGN = fs.readdirSync(REVIEW_FIXTURES).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(REVIEW_FIXTURES, f));

/** The report of the given fixture files (all foreign fixtures by default). */
export function fixtureReport(files: string[] = FOREIGN): review.TrustReport {
  return review.TrustReview.paths(files);
}

let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/**
 * Validates a SARIF log against the vendored SARIF 2.1.0 schema (fixtures/README.md); returns the
 * errors, empty when valid.
 */
export function sarifSchemaErrors(log: unknown): unknown[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(path.join(CLI_FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  const ok = validator(log);
  return ok ? [] : [...(validator.errors as unknown[] ?? [])];
}

/** A temporary directory. */
export function tmpDir(prefix = 'wt-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An in-memory `CliIo` and what was written to it. */
export interface MemoryIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

export function memoryIo(cwd: string, options: { tty?: boolean; env?: { [k: string]: string } } = {}): MemoryIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd, env: options.env ?? {}, stdoutIsTTY: options.tty ?? false };
}

/**
 * A CloudFormation template with one federated GitHub role: `aud` sts, `sub` the value
 * (`StringEquals`), or the pattern when `like` is set (`StringLike`).
 */
export function githubRoleTemplate(subject: string, props: { [k: string]: unknown } = {}, logicalId = 'Deploy', like = false): any {
  const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
  const sub = { 'token.actions.githubusercontent.com:sub': subject };
  return {
    Resources: {
      [logicalId]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          ...props,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{
              Effect: 'Allow',
              Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: like ? { StringEquals: aud, StringLike: sub } : { StringEquals: { ...aud, ...sub } },
            }],
          },
        },
      },
    },
  };
}

/** Writes JSON to a file (pretty-printed, like synthesis output). */
export function writeJson(file: string, value: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}
