import { Stack, StackProps, Stage, Token } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import type { BlueprintIssuer } from './blueprint-issuer';
import { OidcProviderMode } from './blueprint-settings';
import { BlueprintTag } from './blueprint-tag';
import type { AwsRoleTargetProps, BlueprintWorkload } from './blueprint-workload';
import { BlueprintErrorCode } from './errors';
import type { TrustBlueprint } from './trust-blueprint';
import { FederatedRole } from '../aws/federated-role';
import { ITrustedOidcProvider, OidcProvider, OidcProviderBase } from '../aws/oidc-provider';
import { AWS_DEFAULT_AUDIENCE } from '../aws/trust-document';
import { show, trustError, within } from '../core/errors';

/** Where the AWS side of a blueprint goes. */
export interface AwsBlueprintOptions {
  /**
   * Stacks to use for their account and region (each with a literal `env`). Accounts and regions
   * without a stack here get a new stack `<blueprint>-<account>-<region>` under the scope.
   * @default - a new stack per account and region
   */
  readonly stacks?: Stack[];
  /**
   * Properties of the stacks the blueprint creates (synthesizer, termination protection, ...).
   * Their `env` is always the target's account and region.
   * @default {}
   */
  readonly stackProps?: StackProps;
}

interface Environment {
  readonly account: string;
  readonly region: string;
  readonly targets: Array<{ workload: BlueprintWorkload; target: AwsRoleTargetProps }>;
}

/**
 * The AWS side of a {@link TrustBlueprint}: its stacks and roles. Produced by
 * {@link TrustBlueprint.toAws}.
 */
export class AwsBlueprintStacks {
  /** @internal */
  public static _produce(blueprint: TrustBlueprint, scope: Construct, options: AwsBlueprintOptions): AwsBlueprintStacks {
    return within(`Blueprint ${show(blueprint.name)}, AWS`, () => new AwsBlueprintStacks(blueprint, scope, options));
  }

  /** The stacks that hold the blueprint's roles and providers, one per account and region, in declaration order. */
  public readonly stacks: Stack[] = [];
  private readonly roles = new Map<string, FederatedRole>();

  private constructor(blueprint: TrustBlueprint, scope: Construct, options: AwsBlueprintOptions) {
    const environments = collectEnvironments(blueprint);
    checkRoleNames(environments);
    const passed = indexStacks(options.stacks ?? []);
    const create = blueprint.aws.oidcProviders === OidcProviderMode.CREATE;
    const homes = create ? homeRegions(environments, blueprint.aws.providerRegion) : new Map<string, string>();
    for (const [account, region] of homes) {
      if (!environments.some((e) => e.account === account && e.region === region)) environments.push({ account, region, targets: [] });
    }
    const stackOf = (env: { account: string; region: string }): Stack => passed.get(key(env))
      ?? (scope.node.tryFindChild(`${blueprint.name}-${env.account}-${env.region}`) as Stack | undefined)
      ?? new Stack(scope, `${blueprint.name}-${env.account}-${env.region}`, { ...options.stackProps, env: { account: env.account, region: env.region } });

    for (const env of environments) {
      const stack = stackOf(env);
      this.stacks.push(stack);
      const home = homes.get(env.account);
      const creates = home === env.region;
      const issuers = creates
        ? uniqueIssuers(environments.filter((e) => e.account === env.account))
        : uniqueIssuers([env]);
      const providers = new Map<string, ITrustedOidcProvider>();
      for (const issuer of issuers) {
        providers.set(issuer.name, providerIn(stack, issuer, creates, () => clientIds(environments, env.account, issuer), blueprint));
      }
      if (home !== undefined && !creates) {
        const homeStack = stackOf({ account: env.account, region: home });
        if (Stage.of(homeStack) === Stage.of(stack)) stack.addStackDependency(homeStack, 'the account\'s OIDC providers are created there');
      }
      for (const { workload, target } of env.targets) {
        const role = roleIn(stack, blueprint, workload, target, providers.get(workload.issuer.name)!);
        this.roles.set(roleKey(workload.name, env.account, env.region), role);
      }
    }
  }

  /** The stack of an account and region. */
  public stackFor(account: string, region: string): Stack {
    const found = this.stacks.find((s) => s.account === account && s.region === region);
    if (!found) {
      throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `No blueprint stack is in account ${show(account)}, region ${show(region)}.`,
        `use one of ${show(this.stacks.map((s) => `${s.account} ${s.region}`))}.`);
    }
    return found;
  }

  /** The role of a workload in an account and region. */
  public roleFor(workload: string, account: string, region: string): FederatedRole {
    const found = this.roles.get(roleKey(workload, account, region));
    if (!found) {
      throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `Workload ${show(workload)} has no role in account ${show(account)}, region ${show(region)}.`,
        'add one with addAwsRole(), or look up an account and region the workload targets.');
    }
    return found;
  }

  /** Every role, in declaration order. */
  public get allRoles(): FederatedRole[] {
    return [...this.roles.values()];
  }
}

function key(env: { account: string; region: string }): string {
  return `${env.account} ${env.region}`;
}

function roleKey(workload: string, account: string, region: string): string {
  return `${workload} ${account} ${region}`;
}

/** Accounts and regions in the order the blueprint first names them, with their role targets. */
function collectEnvironments(blueprint: TrustBlueprint): Environment[] {
  const byKey = new Map<string, Environment>();
  for (const workload of blueprint.workloads) {
    for (const target of workload.awsRoles) {
      const k = key(target);
      const env = byKey.get(k) ?? { account: target.account, region: target.region, targets: [] };
      env.targets.push({ workload, target });
      byKey.set(k, env);
    }
  }
  return [...byKey.values()];
}

/** IAM role names are unique per account, whatever the region. */
function checkRoleNames(environments: Environment[]): void {
  const seen = new Map<string, string>();
  for (const env of environments) {
    for (const { workload, target } of env.targets) {
      const name = target.roleName ?? workload.defaultRoleName;
      const k = `${env.account} ${name}`;
      const other = seen.get(k);
      if (other !== undefined) {
        throw trustError(BlueprintErrorCode.DUPLICATE,
          `the role name ${show(name)} is used twice in account ${env.account} (${other}, and workload ${show(workload.name)} in ${env.region}); IAM role names are unique per account across regions.`,
          'give one of the roles another roleName, or keep one region per account for the workload.');
      }
      seen.set(k, `workload ${show(workload.name)} in ${env.region}`);
    }
  }
}

function indexStacks(stacks: Stack[]): Map<string, Stack> {
  const byKey = new Map<string, Stack>();
  for (const stack of stacks) {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      throw trustError(BlueprintErrorCode.INVALID_STACK, `the stack ${show(stack.node.path)} has no literal account and region, so no target can be matched to it.`,
        'give the stack an env with account and region, e.g. { env: { account: "111111111111", region: "eu-west-1" } }.');
    }
    const k = key(stack);
    if (byKey.has(k)) {
      throw trustError(BlueprintErrorCode.INVALID_STACK, `the stacks ${show(byKey.get(k)!.node.path)} and ${show(stack.node.path)} are both in account ${stack.account}, region ${stack.region}.`,
        'pass one stack per account and region.');
    }
    byKey.set(k, stack);
  }
  return byKey;
}

/** The region of each account whose stack creates the account's providers. */
function homeRegions(environments: Environment[], providerRegion: string | undefined): Map<string, string> {
  const homes = new Map<string, string>();
  for (const env of environments) {
    if (!homes.has(env.account)) homes.set(env.account, providerRegion ?? env.region);
  }
  return homes;
}

function uniqueIssuers(environments: Environment[]): BlueprintIssuer[] {
  const issuers: BlueprintIssuer[] = [];
  for (const env of environments) {
    for (const { workload } of env.targets) {
      if (!issuers.includes(workload.issuer)) issuers.push(workload.issuer);
    }
  }
  return issuers;
}

/** Every audience the account's roles of an issuer admit: the client IDs its provider must list. */
function clientIds(environments: Environment[], account: string, issuer: BlueprintIssuer): string[] {
  const ids = new Set<string>();
  for (const env of environments.filter((e) => e.account === account)) {
    for (const { workload } of env.targets.filter((t) => t.workload.issuer === issuer)) {
      workload.trust.audiencesFor([AWS_DEFAULT_AUDIENCE]).forEach((a) => ids.add(a));
    }
  }
  return [...ids];
}

/** The stack's provider for the issuer: one already in the stack, else created or imported. */
function providerIn(stack: Stack, issuer: BlueprintIssuer, create: boolean, audiences: () => string[],
  blueprint: TrustBlueprint): ITrustedOidcProvider {
  const existing = stack.node.findAll()
    .find((c: IConstruct) => c instanceof OidcProviderBase && c.issuer.url === issuer.issuer.url) as ITrustedOidcProvider | undefined;
  if (existing) return existing;
  const id = `Oidc-${issuer.name}`;
  if (!create) return OidcProvider.fromIssuer(stack, id, issuer.issuer);
  const provider = new OidcProvider(stack, id, { issuer: issuer.issuer, clientIds: audiences() });
  BlueprintTag.applyTo(provider, blueprint);
  return provider;
}

function roleIn(stack: Stack, blueprint: TrustBlueprint, workload: BlueprintWorkload, target: AwsRoleTargetProps,
  provider: ITrustedOidcProvider): FederatedRole {
  const id = `Role-${workload.name}`;
  const boundaryArn = target.permissionsBoundaryArn ?? blueprint.aws.permissionsBoundaryArn;
  const role = new FederatedRole(stack, id, {
    provider,
    trust: workload.trust,
    roleName: target.roleName ?? workload.defaultRoleName,
    description: `Workload ${workload.name} of blueprint ${blueprint.name} (owner ${blueprint.owner}): ${workload.issuer.issuer.displayName} tokens (workload-trust)`,
    path: blueprint.aws.rolePath,
    permissionsBoundary: boundaryArn === undefined ? undefined : ManagedPolicy.fromManagedPolicyArn(stack, `${id}-Boundary`, boundaryArn),
    managedPolicies: (target.managedPolicyArns ?? []).map((arn, i) => ManagedPolicy.fromManagedPolicyArn(stack, `${id}-Policy${i}`, arn)),
    inlinePolicies: target.inlinePolicies,
    trustPolicySizeQuota: blueprint.aws.trustPolicySizeQuota,
  });
  BlueprintTag.applyTo(role, blueprint, workload.name);
  return role;
}
