import { isObject } from '../../private/text';
import { TrustReport } from '../../trust-report';
import { TrustReview } from '../../trust-review';
import { testingError, TrustTestingErrorCode } from '../errors';

/** Top-level keys of Terraform JSON configuration. */
const TERRAFORM_KEYS = ['resource', 'data', 'terraform', 'provider', 'module', 'variable', 'locals', 'output'];

/**
 * The report of a testing helper's input: a {@link TrustReport} as is, or a CloudFormation
 * template or Terraform JSON configuration (an object, or its JSON text as `Testing.synth`
 * returns it), reviewed under the given file name.
 */
export function reportOf(input: unknown, file?: string): TrustReport {
  if (input instanceof TrustReport) return input;
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw testingError(TrustTestingErrorCode.UNKNOWN_INPUT, `The text given is not JSON (${(e as Error).message}).`,
        'pass a TrustReport, a CloudFormation template or Terraform JSON configuration (object or JSON text).');
    }
  }
  if (isObject(value) && (value.Resources !== undefined || value.AWSTemplateFormatVersion !== undefined)) {
    return TrustReview.cloudFormation(value, file ?? 'template.json');
  }
  if (isObject(value) && TERRAFORM_KEYS.some((k) => value[k] !== undefined)) {
    return TrustReview.terraform(value, file ?? 'cdk.tf.json');
  }
  throw testingError(TrustTestingErrorCode.UNKNOWN_INPUT,
    `The input is ${describe(value)}, not a TrustReport, a CloudFormation template (no Resources) or Terraform JSON configuration (no resource, data, provider or terraform block).`,
    'pass a TrustReport, a synthesized template or configuration; for a Stack or TerraformStack use the adapters StackTrust (awsReview) and TerraformStackTrust (gcpReview).');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
  }
  return typeof value;
}
