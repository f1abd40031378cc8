/**
 * An IAM evaluator for tests, independent of src: it asks `@cloud-copilot/iam-simulate` (AGPL,
 * devDependency only) whether a role trust policy lets a web-identity token assume the role.
 *
 * Why `runUnsafeSimulation` and not `runSimulation`: `runSimulation` checks the context against
 * the STS condition keys it knows and silently ignores the others (in 0.1.173 even
 * `token.actions.githubusercontent.com:sub`), so conditions on them could never hold.
 * `runUnsafeSimulation` runs the core engine (`authorize`, Strict mode) on the context as given.
 * It skips validation, so we validate the policy ourselves; and it loads the resource policy
 * without a name, which crashes the engine, so we hand it a ValidatedPolicy that carries one.
 *
 * Why the trust policy alone decides: a web-identity caller has no identity policies, and IAM
 * OIDC providers live in the account of the roles that trust them. So the request principal is
 * the provider ARN, the role is in the provider's account, and no identity, SCP, RCP or boundary
 * policy is given (the unsafe engine adds no default RCP). For such a same-account STS request
 * with a trust policy present, the engine's StsServiceAuthorizer admits identity policies only
 * through a `Principal: { AWS: <account> }` statement, and there are none to admit. The result
 * is `Allowed` exactly when some Allow statement matches the principal (`Federated` compared as
 * a string), the action and all its conditions, and no Deny statement matches.
 *
 * Synchronous: the library's core engine is synchronous.
 */
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

/** The request principal unless a test names another: GitHub's IAM OIDC provider. */
export const GITHUB_PROVIDER_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

/** Condition keys and their values, e.g. `{ 'token.actions.githubusercontent.com:sub': 'repo:o/r:...' }`. */
export interface IamContext {
  [key: string]: string | string[];
}

/** What the token exchange asks for, beyond its claims. */
export interface IamRequest {
  /** The IAM OIDC provider ARN that vouches for the token. Default GITHUB_PROVIDER_ARN. */
  readonly federated?: string;
  /** Default `sts:AssumeRoleWithWebIdentity`. */
  readonly action?: string;
}

const PROVIDER_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):oidc-provider\/.+$/;

/**
 * Whether IAM would let a token with these condition-key values assume a role that has this
 * trust policy. Throws when the policy is not a valid trust policy.
 */
export function iamAllows(trustPolicy: object, context: IamContext, request: IamRequest = {}): boolean {
  const federated = request.federated ?? GITHUB_PROVIDER_ARN;
  const provider = PROVIDER_ARN.exec(federated);
  if (!provider) {
    // A non-ARN principal (e.g. accounts.google.com) has no account, so the engine would take
    // the cross-account path, where an identity policy must allow too: not modelled here.
    throw new Error(`iamAllows models IAM OIDC provider ARNs only, got ${federated}`);
  }
  const [, partition, account] = provider;

  const policy = createValidatedPolicy(trustPolicy, validateTrustPolicy, { name: 'TrustPolicy' });
  if (policy.errors.length > 0) {
    throw new Error(`Not a valid trust policy: ${JSON.stringify(policy.errors)}`);
  }

  const result = runUnsafeSimulation(
    {
      request: {
        principal: federated,
        action: request.action ?? 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: `arn:${partition}:iam::${account}:role/workload`, accountId: account },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy,
    },
    {},
  );
  return result === 'Allowed';
}
