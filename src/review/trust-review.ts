import { readCloudFormation } from './private/cloudformation-reader';
import { reviewPath as reviewInputPath } from './private/input-files';
import { readTerraform } from './private/terraform-reader';
import { TrustReport } from './trust-report';

/**
 * Reads synthesized output back into a {@link TrustReport}: who (issuer, rules) can become what
 * (role, service account, resource role), for how long, with lint findings. Works on templates this
 * library did not write. Input that is not JSON, not a template or not there throws a
 * `TrustError` with a `ReviewErrorCode`; what cannot be understood inside valid input is reported
 * as unparsed fragments with the raw text, never ignored.
 *
 * @example
 * const report = review.TrustReview.path('cdk.out');
 * for (const f of report.findings) console.log(f.id, f.message);
 */
export class TrustReview {
  /**
   * Reviews a CloudFormation template: every `AWS::IAM::Role`; statements that let a federated
   * principal assume the role with a web identity token become rules.
   *
   * @param template the parsed template
   * @param file the file name to report locations in
   */
  public static cloudFormation(template: any, file: string): TrustReport {
    return readCloudFormation(template, file);
  }

  /**
   * Reviews Terraform JSON configuration (cdktf `cdk.tf.json` or hand-written `*.tf.json`): Google
   * workload identity pools, providers and the IAM bindings of their principals.
   *
   * @param config the parsed configuration
   * @param file the file name to report locations in
   */
  public static terraform(config: any, file: string): TrustReport {
    return readTerraform(config, file);
  }

  /**
   * Reviews a path: a `cdk.out` directory, a `cdktf.out` directory, a directory of templates or
   * Terraform JSON files, or one such file.
   */
  public static path(path: string): TrustReport {
    return reviewInputPath(path);
  }

  /** Reviews several paths and merges the reports, in the order given. */
  public static paths(paths: string[]): TrustReport {
    return TrustReport.merge(paths.map((p) => reviewInputPath(p)));
  }

  private constructor() {}
}

/** {@link TrustReview.cloudFormation} as a function (TypeScript and JavaScript only). */
export function reviewCloudFormation(template: object, file: string): TrustReport {
  return TrustReview.cloudFormation(template, file);
}

/** {@link TrustReview.terraform} as a function (TypeScript and JavaScript only). */
export function reviewTerraform(config: object, file: string): TrustReport {
  return TrustReview.terraform(config, file);
}

/** {@link TrustReview.path} as a function (TypeScript and JavaScript only). */
export function reviewPath(path: string): TrustReport {
  return TrustReview.path(path);
}
