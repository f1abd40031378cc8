/** What kind of cloud identity a {@link TrustEntry} is about. */
export enum IdentityKind {
  /** An AWS IAM role (`AWS::IAM::Role`). */
  AWS_ROLE = 'aws-role',
  /** A Google Cloud service account: a role on it (usually `roles/iam.workloadIdentityUser`, impersonation). */
  GOOGLE_SERVICE_ACCOUNT = 'google-service-account',
  /** A Google Cloud project role granted directly to federated principals. */
  GOOGLE_PROJECT_ROLE = 'google-project-role',
  /** A role on another Google Cloud resource (a bucket, a secret, ...) granted to federated principals. */
  GOOGLE_RESOURCE_ROLE = 'google-resource-role',
  /** A Google Cloud principal or principalSet found in a resource the review has no model for. */
  GOOGLE_PRINCIPAL_SET = 'google-principal-set',
}

/** Who tokens can become: the role, service account or resource role, as the input names it. */
export interface ReviewedIdentity {
  /** The kind of identity. */
  readonly kind: IdentityKind;
  /**
   * A short name for people: the role's name or logical ID, the service account email, `ROLE on
   * projects/PROJECT`, `ROLE on TYPE.NAME`.
   */
  readonly name: string;
  /**
   * Where the identity is declared: the CloudFormation logical ID, or the Terraform address
   * (`TYPE.NAME`) of the binding.
   */
  readonly address: string;
  /**
   * The IAM role name (`RoleName`), when the template sets one literally.
   * @default - none: CloudFormation generates the name
   */
  readonly roleName?: string;
  /**
   * The role ARN, when the input spells it out.
   * @default - unknown before deployment
   */
  readonly arn?: string;
  /**
   * The service account (email or resource name), for service account bindings.
   * @default - none
   */
  readonly serviceAccount?: string;
  /**
   * The project, for project role bindings.
   * @default - none
   */
  readonly project?: string;
  /**
   * The Google Cloud IAM role granted (e.g. `roles/iam.workloadIdentityUser`).
   * @default - none (AWS roles)
   */
  readonly role?: string;
  /**
   * The Google Cloud member granted the role, as written with Terraform escapes removed, e.g.
   * `principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/app`.
   * @default - none (AWS roles)
   */
  readonly member?: string;
}
