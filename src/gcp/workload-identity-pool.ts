import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { Construct } from 'constructs';
import { GcpTrustErrorCode } from './errors';
import { show, trustError } from '../core/errors';
import { checkId } from './private/ids';
import { WorkloadIdentityProvider, WorkloadIdentityProviderProps } from './workload-identity-provider';

/** Pool display names and descriptions (FACTS.md, "Google Cloud: Workload Identity Federation"). */
const MAX_DISPLAY_NAME = 32;
const MAX_DESCRIPTION = 256;

/** Properties of a {@link WorkloadIdentityPool}. */
export interface WorkloadIdentityPoolProps {
  /** The project ID that holds the pool. */
  readonly project: string;
  /**
   * The pool ID: 4 to 32 characters of `a-z`, `0-9` and `-`, not starting with `gcp-`. A deleted
   * pool's ID stays taken for about 30 days (soft delete), so do not rename pools casually.
   */
  readonly poolId: string;
  /**
   * The display name (at most 32 characters).
   * @default - none
   */
  readonly displayName?: string;
  /**
   * The description (at most 256 characters).
   * @default - none
   */
  readonly description?: string;
  /**
   * Whether the pool is disabled (tokens are refused).
   * @default false
   */
  readonly disabled?: boolean;
}

/**
 * A Google Cloud workload identity pool (`google_iam_workload_identity_pool`). Add one OIDC
 * provider per issuer with {@link WorkloadIdentityPool.addOidcProvider}, then grant through the
 * provider.
 *
 * @example
 * declare const stack: TerraformStack;
 * const pool = new gcp.WorkloadIdentityPool(stack, 'Ci', { project: 'my-proj', poolId: 'ci' });
 * const github = pool.addOidcProvider('GitHub', { providerId: 'github', issuer: GitHubActions.issuer() });
 */
export class WorkloadIdentityPool extends Construct {
  /** The Terraform resource. */
  public readonly resource: IamWorkloadIdentityPool;
  /** The project ID. */
  public readonly project: string;
  /** The pool ID. */
  public readonly poolId: string;
  /** {@link WorkloadIdentityPool.name}, made on first use. */
  private nameToken?: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityPoolProps) {
    super(scope, id);
    this.poolId = checkId(props.poolId, 'workload identity pool ID', `${scope.node.path}/${id}`);
    checkText(props.displayName, MAX_DISPLAY_NAME, 'display name', `${scope.node.path}/${id}`);
    checkText(props.description, MAX_DESCRIPTION, 'description', `${scope.node.path}/${id}`);
    this.project = props.project;
    this.resource = new IamWorkloadIdentityPool(this, 'Resource', {
      project: props.project,
      workloadIdentityPoolId: this.poolId,
      displayName: props.displayName,
      description: props.description,
      disabled: props.disabled,
    });
  }

  /** The pool's resource name, `projects/NUMBER/locations/global/workloadIdentityPools/POOL`. */
  public get name(): string {
    // One token for every grant through the pool: cdktf records a stack trace for each new token,
    // which was a sixth of synthesizing 1,000 grants (profile).
    this.nameToken ??= this.resource.name;
    return this.nameToken;
  }

  /** Adds an OIDC provider for one issuer to the pool. */
  public addOidcProvider(id: string, props: WorkloadIdentityProviderProps): WorkloadIdentityProvider {
    return new WorkloadIdentityProvider(this, id, props);
  }
}

function checkText(text: string | undefined, max: number, what: string, path: string): void {
  if (text !== undefined && text.length > max) {
    throw trustError(GcpTrustErrorCode.INVALID_TEXT, `${path}: the ${what} ${show(text)} has ${text.length} characters; Google allows at most ${max}.`, `shorten the ${what}.`);
  }
}
