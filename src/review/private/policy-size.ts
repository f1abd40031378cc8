import { CfnValues } from './cfn-values';
import { isObject } from './text';

/** The longest provider ARN prefix in use: partition `aws-us-gov`, a 12-digit account. */
const LONGEST_ARN_PREFIX = 'arn:aws-us-gov:iam::123456789012:oidc-provider/';
const PROVIDER_ARN = /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/;

/**
 * The size IAM counts for a trust policy document: minified JSON, with intrinsics replaced by the
 * text they produce and provider ARNs at their longest (so the measure never falls short of the
 * deployed policy). Values that cannot be resolved count as their JSON text.
 */
export function trustPolicySize(document: unknown, values: CfnValues): number {
  return JSON.stringify(concrete(document, values)).length;
}

function concrete(value: unknown, values: CfnValues): unknown {
  if (typeof value === 'string') return longestArn(value);
  if (Array.isArray(value)) return value.map((v) => concrete(v, values));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const text = values.text(value);
    return text ? longestArn(text.text) : JSON.stringify(value);
  }
  const out: { [key: string]: unknown } = {};
  for (const k of keys) out[k] = concrete(value[k], values);
  return out;
}

function longestArn(text: string): string {
  const m = PROVIDER_ARN.exec(text);
  return m ? LONGEST_ARN_PREFIX + m[1] : text;
}
