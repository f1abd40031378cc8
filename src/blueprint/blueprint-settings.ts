/** How a blueprint's AWS stacks get the account's OIDC provider of each issuer. */
export enum OidcProviderMode {
  /**
   * Import the provider the account already has (IAM allows one per issuer URL per account), by
   * the ARN derived from the issuer URL.
   */
  IMPORT = 'import',
  /**
   * Create the provider (`AWS::IAM::OIDCProvider`) in the first stack of each account, and import
   * it in the account's other stacks. Use it in the one blueprint that owns the account's providers.
   */
  CREATE = 'create',
}

/** AWS settings shared by every role of a blueprint. */
export interface AwsBlueprintSettings {
  /**
   * Whether the stacks create or import the accounts' OIDC providers.
   * @default OidcProviderMode.IMPORT
   */
  readonly oidcProviders?: OidcProviderMode;
  /**
   * With `OidcProviderMode.CREATE`, the region of the stack that creates each account's OIDC
   * providers (IAM is global, so one per account); the account's other stacks import them and
   * depend on that stack. Set it to keep providers where they are when regions are added or removed.
   * @default - the first region declared for the account
   */
  readonly providerRegion?: string;
  /**
   * The ARN of a permissions boundary for every role without its own.
   * @default - none
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * The path of every role.
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * The accounts' role trust policy size quota (Service Quotas code L-C07B4B0D), as for `aws.FederatedRole`.
   * @default 2048
   */
  readonly trustPolicySizeQuota?: number;
}

/** Google Cloud settings of a blueprint. */
export interface GoogleBlueprintSettings {
  /** The project that holds the workload identity pool. */
  readonly project: string;
  /**
   * The workload identity pool ID.
   * @default - the blueprint name
   */
  readonly poolId?: string;
  /**
   * The organisation policy parent (`organizations/ID`, `folders/ID` or `projects/ID`) that allows
   * service account credentials to live longer than one hour. Needed when the blueprint's session
   * lifetime is over one hour and a workload impersonates a service account.
   * @default - none: a lifetime over one hour with service accounts is an error
   */
  readonly lifetimeExtensionParent?: string;
}
