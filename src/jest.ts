/**
 * Jest matchers for reviewers: `expect(stack).toMatchTrustSnapshot()` snapshots *who can get in*
 * (see `review.TrustSnapshot`) instead of the raw template, and
 * `expect(stack).toAllowToken(claims)` / `.not.toAllowToken(claims)` asks the reviewed trust
 * whether a token gets in. `stack` is an aws-cdk-lib `Stack`, a cdktf `TerraformStack`, a
 * `review.TrustReport`, or a synthesized template or configuration (object or JSON text).
 *
 * This module is a thin adapter over the framework-neutral helpers (`review.TrustSnapshot`,
 * `review.TrustAssertions`, `awsReview.StackTrust`, `gcpReview.TerraformStackTrust`). It is not
 * part of the jsii API (jest's types are TypeScript-only): load it from TypeScript or JavaScript
 * as `workload-trust/lib/jest`, e.g. in jest's `setupFilesAfterEnv`. Loading it registers the
 * matchers with the global `expect`; with `import { expect } from '@jest/globals'` call
 * `setupTrustMatchers(expect)`.
 *
 * @example
 * // jest.config: setupFilesAfterEnv: ['workload-trust/lib/jest']
 * expect(stack).toMatchTrustSnapshot();
 * expect(stack).toAllowToken({ sub: 'repo:acme/app:environment:prod', repository_id: '123456', repository_owner_id: '789' });
 * expect(stack).not.toAllowToken({ sub: 'repo:acme/app:pull_request', repository_id: '123456', repository_owner_id: '789' });
 */
import { Stack } from 'aws-cdk-lib';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { StackTrust } from './aws/review/stack-trust';
import { TerraformStackTrust } from './gcp/review/terraform-stack-trust';
import { AllowsTokenOptions, TrustAssertionResult, TrustSnapshotOptions } from './review/testing/trust-assertion-result';
import { TrustAssertions } from './review/testing/trust-assertions';
import { TrustSnapshot } from './review/testing/trust-snapshot';

/** Options of `toMatchTrustSnapshot`. */
export interface TrustSnapshotMatcherOptions extends TrustSnapshotOptions {
  /** A hint that names the snapshot, as in `toMatchSnapshot(hint)`. @default - none */
  readonly hint?: string;
}

/** Options of `toAllowToken`: the identity may also be a construct (the role, grant or provider). */
export interface AllowTokenMatcherOptions {
  /** Only this identity (see `review.AllowsTokenOptions.identity`), or the construct that declares it. @default - any identity */
  readonly identity?: string | IConstruct;
  /** The token's audience when the claims have no `aud`. @default - the target cloud's default audience */
  readonly audience?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // The type parameters must be those of @types/jest for the declarations to merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      /**
       * Snapshots the normalized trust ("who can get in") of a Stack, TerraformStack, TrustReport,
       * template or configuration, in stable order. `.not` is not supported.
       */
      toMatchTrustSnapshot(options?: TrustSnapshotMatcherOptions): R;
      /**
       * Whether the reviewed trust admits a token with these claims (audience: the cloud's default
       * unless `aud` or `options.audience` is given). Fails both ways when the review cannot be
       * sure (trust it could not read might admit the token).
       */
      toAllowToken(claims: { [claim: string]: any }, options?: AllowTokenMatcherOptions): R;
    }
  }
}

/** What jest passes as `this` to a matcher (the parts used here). */
interface MatcherContext {
  readonly isNot?: boolean;
}

/** A matcher's result, as jest wants it. */
interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The part of jest's `expect` the setup uses. */
export interface ExpectLike {
  extend(matchers: { [name: string]: (...args: any[]) => any }): void;
  addSnapshotSerializer(serializer: { test(value: unknown): boolean; serialize(value: any): string }): void;
}

/** Marks the value a trust snapshot is taken of, so the serializer writes its text as is. */
const SNAPSHOT_BRAND = Symbol.for('workload-trust.trust-snapshot');

interface SnapshotText {
  readonly [SNAPSHOT_BRAND]: true;
  readonly text: string;
}

/** The snapshot serializer: a trust snapshot is stored as its lines, not as a quoted string. */
export const trustSnapshotSerializer = {
  test: (value: unknown): boolean => typeof value === 'object' && value !== null && (value as any)[SNAPSHOT_BRAND] === true,
  serialize: (value: SnapshotText): string => value.text,
};

/** The matchers, for `expect.extend(trustMatchers)`. */
export const trustMatchers = {
  toMatchTrustSnapshot(this: MatcherContext, received: unknown, options: TrustSnapshotMatcherOptions = {}): MatcherResult {
    if (this.isNot) {
      throw new Error('.not.toMatchTrustSnapshot() is not supported: a snapshot either matches or is updated. Use expect(...).not.toAllowToken(claims) to assert what must not get in.');
    }
    const { hint, ...snapshotOptions } = options;
    const value: SnapshotText = { [SNAPSHOT_BRAND]: true, text: snapshotOf(received, snapshotOptions) };
    return matchSnapshot(this, value, hint);
  },

  toAllowToken(this: MatcherContext, received: unknown, claims: { [claim: string]: any }, options: AllowTokenMatcherOptions = {}): MatcherResult {
    const result = allowsToken(received, claims, options);
    if (!result.certain) {
      // Fail closed, both ways: an undecided review must not let `.not` pass.
      return { pass: this.isNot === true, message: () => `The review cannot decide whether the token gets in. ${result.message}` };
    }
    return {
      pass: result.pass,
      message: () => this.isNot ? `Expected the token not to get in, but it does. ${result.message}` : `Expected the token to get in, but it does not. ${result.message}`,
    };
  },
};

/**
 * Registers the matchers and the snapshot serializer with jest's `expect` (by default the
 * global one; this module calls it when loaded).
 */
export function setupTrustMatchers(expectToExtend: ExpectLike | undefined = (globalThis as any).expect): void {
  if (expectToExtend === undefined) {
    throw new Error('No jest expect to extend: load workload-trust/lib/jest from a jest setup file or a test, or pass expect from @jest/globals.');
  }
  expectToExtend.extend(trustMatchers);
  expectToExtend.addSnapshotSerializer(trustSnapshotSerializer);
}

/** The trust snapshot text of a stack, report, template or configuration. */
export function snapshotOf(received: unknown, options: TrustSnapshotOptions = {}): string {
  if (Stack.isStack(received)) return StackTrust.snapshot(received, options);
  if (TerraformStack.isStack(received)) return TerraformStackTrust.snapshot(received, options);
  return TrustSnapshot.of(received, options);
}

/** Whether the trust of a stack, report, template or configuration admits the token. */
export function allowsToken(received: unknown, claims: { [claim: string]: any }, options: AllowTokenMatcherOptions = {}): TrustAssertionResult {
  const identity = options.identity === undefined || typeof options.identity === 'string' ? options.identity : options.identity.node.path;
  const neutral: AllowsTokenOptions = { identity, audience: options.audience };
  if (Stack.isStack(received)) return StackTrust.allowsToken(received, claims, neutral);
  if (TerraformStack.isStack(received)) return TerraformStackTrust.allowsToken(received, claims, neutral);
  return TrustAssertions.allowsToken(received, claims, neutral);
}

/**
 * jest's own snapshot matcher on the value: `jest-snapshot`'s `toMatchSnapshot` with this
 * matcher's context (jest's documented way for custom snapshot matchers), or, where that package
 * cannot be loaded from here (strict package managers), `expect(value).toMatchSnapshot()`.
 */
function matchSnapshot(context: MatcherContext, value: SnapshotText, hint: string | undefined): MatcherResult {
  let toMatchSnapshot: ((...args: unknown[]) => MatcherResult) | undefined;
  try {
    // jest-snapshot comes with the user's jest; it is looked up at run time, never a dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    toMatchSnapshot = require('jest-snapshot').toMatchSnapshot;
  } catch {
    toMatchSnapshot = undefined;
  }
  if (typeof toMatchSnapshot === 'function') {
    return hint === undefined ? toMatchSnapshot.call(context, value) : toMatchSnapshot.call(context, value, hint);
  }
  const expectNow = (globalThis as any).expect;
  try {
    if (hint === undefined) expectNow(value).toMatchSnapshot();
    else expectNow(value).toMatchSnapshot(hint);
    return { pass: true, message: () => 'The trust snapshot matches.' };
  } catch (e) {
    return { pass: false, message: () => (e as Error).message };
  }
}

if ((globalThis as any).expect !== undefined && typeof (globalThis as any).expect.extend === 'function') {
  setupTrustMatchers();
}
