import { CfnValues } from './cfn-values';
import { isObject } from './text';
import { memoize } from '../../core/private/memo';

/** The longest provider ARN prefix in use: partition `aws-us-gov`, a 12-digit account. */
const LONGEST_ARN_PREFIX = 'arn:aws-us-gov:iam::123456789012:oidc-provider/';
const PROVIDER_ARN = /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/;
/** Characters JSON.stringify escapes in a string: quote, backslash, controls and lone surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The size IAM counts for a trust policy document: minified JSON, with intrinsics replaced by the
 * text they produce and provider ARNs at their longest (so the measure never falls short of the
 * deployed policy). Values that cannot be resolved count as their JSON text.
 */
export function trustPolicySize(document: unknown, values: CfnValues): number {
  return jsonLength(document, values) ?? JSON.stringify(concrete(document, values)).length;
}

/**
 * `JSON.stringify(concrete(value, values)).length` without building the copy or its text, for
 * plain JSON data (what JSON.parse yields); undefined for anything else (functions, undefined,
 * class instances...), which only the general path measures exactly.
 */
function jsonLength(value: unknown, values: CfnValues): number | undefined {
  if (typeof value === 'string') return quotedLength(longestArn(value));
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value).length;
  if (Array.isArray(value)) {
    let n = value.length > 0 ? value.length + 1 : 2;
    for (const v of value) {
      const m = jsonLength(v, values);
      if (m === undefined) return undefined;
      n += m;
    }
    return n;
  }
  if (!isPlainObject(value)) return undefined;
  if (isIntrinsic(value)) {
    // The texts of intrinsics (principal ARNs) repeat in every role: measured once each.
    const text = values.text(value);
    return text ? intrinsicLength(text.text) : quotedLength(JSON.stringify(value));
  }
  let n = 1;
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    const m = jsonLength(value[k], values);
    if (m === undefined) return undefined;
    n += keyLength(k) + 2 + m;
  }
  return n === 1 ? 2 : n;
}

function concrete(value: unknown, values: CfnValues): unknown {
  if (typeof value === 'string') return longestArn(value);
  if (Array.isArray(value)) return value.map((v) => concrete(v, values));
  if (!isObject(value)) return value;
  if (isIntrinsic(value)) return intrinsicText(value, values);
  const out: { [key: string]: unknown } = {};
  for (const k of Object.keys(value)) out[k] = concrete(value[k], values);
  return out;
}

/**
 * Whether the object is an intrinsic function: its one key is `Ref` or `Fn::...`. Own keys are
 * read with `for...in`, as in `jsonLength`: a key array per object was a twentieth of what a
 * review of 3,000 roles allocated (heap profile).
 */
function isIntrinsic(value: object): boolean {
  let only: string | undefined;
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    if (only !== undefined) return false;
    only = k;
  }
  return only !== undefined && (only === 'Ref' || only.startsWith('Fn::'));
}

/** Own keys only: `for...in` also lists enumerable keys of a (polluted) prototype. */
function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function intrinsicText(value: object, values: CfnValues): string {
  const text = values.text(value);
  return text ? longestArn(text.text) : JSON.stringify(value);
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** {@link quotedLength} of an object key: the same few keys repeat in every statement. */
const keyLength = memoize(quotedLength);

/** `quotedLength(longestArn(text))` of an intrinsic's text. */
const intrinsicLength = memoize((text) => quotedLength(longestArn(text)));

/** The length of the string as JSON text. */
function quotedLength(text: string): number {
  return ESCAPED.test(text) ? JSON.stringify(text).length : text.length + 2;
}

function longestArn(text: string): string {
  // Most texts are not ARNs: PROVIDER_ARN can only match text that starts with `arn:`.
  if (!text.startsWith('arn:')) return text;
  const m = PROVIDER_ARN.exec(text);
  return m ? LONGEST_ARN_PREFIX + m[1] : text;
}
