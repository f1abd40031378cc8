/**
 * The outcome of a review testing helper, in the shape test frameworks expect from a matcher
 * (cdktf's `matchers.ts`): whether the assertion holds, and a message that says what was found.
 */
export interface TrustAssertionResult {
  /** Whether the assertion holds. */
  readonly pass: boolean;
  /**
   * What was found, for people: which identity admits the token and through which rule, or why
   * each identity refuses it; or the difference between the snapshots.
   */
  readonly message: string;
  /**
   * Whether the answer is certain. False when the token is refused by everything the review
   * understood, but trust the review could not read (unparsed fragments) might admit it. An
   * uncertain answer should fail both the assertion and its negation.
   */
  readonly certain: boolean;
}

/** Options of {@link TrustSnapshot.of}. */
export interface TrustSnapshotOptions {
  /**
   * Whether identities that trust no web identity token (roles of services, accounts, SAML) are
   * listed too, with the principals they trust.
   * @default false
   */
  readonly includeNonFederated?: boolean;
}

/** Options of {@link TrustAssertions.allowsToken}. */
export interface AllowsTokenOptions {
  /**
   * Only this identity: compared with the identity's name, address (CloudFormation logical ID or
   * Terraform address), role name, ARN, service account and member. The adapters for stacks also
   * accept a construct path.
   * @default - any identity in the reviewed trust
   */
  readonly identity?: string;
  /**
   * The token's audience, when the claims have no `aud`.
   * @default - the target cloud's default audience: `sts.amazonaws.com` on AWS, the workload
   * identity provider's resource name on Google Cloud
   */
  readonly audience?: string;
}
