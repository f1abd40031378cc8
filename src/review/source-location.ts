/** Where something is in the reviewed input: a file and a JSON path inside it. */
export interface SourceLocation {
  /** The file, as given to the review (a template, a `cdk.tf.json`, a Terraform JSON file). */
  readonly file: string;
  /**
   * The JSON path inside the file, with dots for keys and `[n]` for list positions, e.g.
   * `Resources.DeployRole.Properties.AssumeRolePolicyDocument.Statement[1]` or
   * `resource.google_iam_workload_identity_pool_provider.github.attribute_condition`. Keys that are
   * not plain identifiers are written `["key"]`.
   */
  readonly jsonPath: string;
}
