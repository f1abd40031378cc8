import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { dependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BlueprintIssuer } from './blueprint-issuer';
import { BlueprintErrorCode } from './errors';
import { show, trustError, within } from '../core/errors';
import { WorkloadIdentityPool } from '../gcp/workload-identity-pool';
import { WorkloadIdentityProvider } from '../gcp/workload-identity-provider';
import type { ResolvedServiceAccount } from './private/service-account';
import type { TrustBlueprint } from './trust-blueprint';

/** Where the Google Cloud side of a blueprint goes. */
export interface GoogleBlueprintOptions {
  /**
   * A stack to add the pool, providers, service accounts and grants to. The caller configures its
   * `google` provider.
   * @default - a new `TerraformStack` `<blueprint>-google` with a `google` provider for the pool's project
   */
  readonly stack?: TerraformStack;
}

/** A service account of the blueprint with everything every workload asks of it. */
interface ServiceAccountPlan {
  readonly account: ResolvedServiceAccount;
  create: boolean;
  readonly roles: string[];
}

/**
 * The Google Cloud side of a {@link TrustBlueprint}: one pool with a provider per issuer, the
 * service accounts the blueprint creates, and the grants. Produced by {@link TrustBlueprint.toGoogle}.
 */
export class GoogleBlueprintStack {
  /** @internal */
  public static _produce(blueprint: TrustBlueprint, scope: Construct, options: GoogleBlueprintOptions): GoogleBlueprintStack {
    return within(`Blueprint ${show(blueprint.name)}, Google Cloud`, () => new GoogleBlueprintStack(blueprint, scope, options));
  }

  /** The stack. */
  public readonly stack: TerraformStack;
  /** The workload identity pool. */
  public readonly pool: WorkloadIdentityPool;
  private readonly providers = new Map<string, WorkloadIdentityProvider>();
  private readonly serviceAccounts = new Map<string, ServiceAccount>();

  private constructor(blueprint: TrustBlueprint, scope: Construct, options: GoogleBlueprintOptions) {
    const settings = blueprint.google;
    if (settings === undefined) {
      throw trustError(BlueprintErrorCode.MISSING_GOOGLE_SETTINGS, 'the blueprint has no google settings, so there is no project for the workload identity pool.',
        'add google: { project: "<pool project>" } to the blueprint.');
    }
    this.stack = options.stack ?? googleStack(scope, `${blueprint.name}-google`, settings.project);
    this.pool = new WorkloadIdentityPool(this.stack, `Pool-${blueprint.name}`, {
      project: settings.project,
      poolId: settings.poolId ?? blueprint.name,
      displayName: blueprint.name,
      description: `Workloads of blueprint ${blueprint.name}, owner ${blueprint.owner} (workload-trust)`,
    });
    const workloads = blueprint.workloads.filter((w) => w.targetsGoogle);
    for (const issuer of blueprint.issuers.filter((i) => workloads.some((w) => w.issuer === i))) {
      this.providers.set(issuer.name, this.addProvider(blueprint, issuer));
    }
    const plans = planServiceAccounts(blueprint);
    for (const plan of plans.values()) this.addServiceAccount(blueprint, plan);
    const dependsOn = new Set<object>();
    for (const workload of workloads) {
      const provider = this.providers.get(workload.issuer.name)!;
      for (const account of workload._serviceAccounts) {
        const binding = provider.grantServiceAccountImpersonation(account.email, workload.trust,
          { lifetimeExtensionParent: settings.lifetimeExtensionParent });
        const created = this.serviceAccounts.get(account.email);
        // The binding names the account by email, so Terraform must be told to create it first
        // (once: workloads impersonating the same account share the binding).
        if (created && !dependsOn.has(binding)) {
          binding.dependsOn = [...binding.dependsOn ?? [], dependable(created)];
          dependsOn.add(binding);
        }
      }
      for (const { project, roles } of workload.googleProjectRoles) {
        roles.forEach((role) => provider.grantProjectRole(project, role, workload.trust));
      }
    }
  }

  /** The workload identity provider of an issuer, by the blueprint's name for it. */
  public providerFor(issuerName: string): WorkloadIdentityProvider {
    const found = this.providers.get(issuerName);
    if (!found) {
      throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `No workload of the blueprint uses issuer ${show(issuerName)} on Google Cloud.`, `use one of ${show([...this.providers.keys()])}.`);
    }
    return found;
  }

  /** The service accounts the blueprint creates, in declaration order. */
  public get createdServiceAccounts(): ServiceAccount[] {
    return [...this.serviceAccounts.values()];
  }

  private addProvider(blueprint: TrustBlueprint, issuer: BlueprintIssuer): WorkloadIdentityProvider {
    return this.pool.addOidcProvider(issuer.name, {
      providerId: issuer.name,
      issuer: issuer.issuer,
      displayName: issuer.name,
      description: `Issuer ${issuer.name} of blueprint ${blueprint.name} (workload-trust)`,
    });
  }

  /** The service account (when the blueprint creates it) and its project roles. */
  private addServiceAccount(blueprint: TrustBlueprint, plan: ServiceAccountPlan): void {
    const { project, accountId, email } = plan.account;
    const id = `ServiceAccount-${project}-${accountId}`;
    const account = plan.create ? new ServiceAccount(this.stack, id, {
      project,
      accountId,
      displayName: `${accountId} (${blueprint.name})`,
      description: `Impersonated by workloads of blueprint ${blueprint.name}, owner ${blueprint.owner}, through workload identity federation (workload-trust)`,
    }) : undefined;
    if (account) this.serviceAccounts.set(email, account);
    for (const role of plan.roles) {
      new ProjectIamMember(this.stack, `${id}-${role.replace(/\//g, '_')}`, { project, role, member: `serviceAccount:${email}`, dependsOn: account ? [account] : undefined });
    }
  }
}

function googleStack(scope: Construct, id: string, project: string): TerraformStack {
  const stack = new TerraformStack(scope, id);
  new GoogleProvider(stack, 'google', { project });
  return stack;
}

/**
 * Service accounts by email, merged over workloads: created when any workload asks for it, with
 * the union of the roles they ask for (so one account is declared once, whoever uses it).
 */
function planServiceAccounts(blueprint: TrustBlueprint): Map<string, ServiceAccountPlan> {
  const plans = new Map<string, ServiceAccountPlan>();
  for (const workload of blueprint.workloads) {
    for (const account of workload._serviceAccounts) {
      const plan = plans.get(account.email) ?? { account, create: false, roles: [] };
      plan.create = plan.create || account.create;
      account.roles.filter((r) => !plan.roles.includes(r)).forEach((r) => plan.roles.push(r));
      plans.set(account.email, plan);
    }
  }
  return plans;
}
