import { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { BlueprintIssuer } from './blueprint-issuer';
import { BlueprintErrorCode } from './errors';
import { show, trustError } from '../core/errors';
import { checkAccount, checkGoogleRoles, checkPolicyArns, checkProject, checkRegion, checkServiceAccountId } from './private/identifiers';
import { Acknowledgement } from '../core/lint/finding';
import { TrustPolicy } from '../core/trust-policy';
import { TrustRule } from '../core/trust-rule';
import { ResolvedServiceAccount } from './private/service-account';

/** What a workload is: its issuer and the rules its tokens must meet. */
export interface BlueprintWorkloadProps {
  /** The issuer of the workload's tokens, as added to the blueprint. */
  readonly issuer: BlueprintIssuer;
  /** The rules: a token is the workload when any rule holds. */
  readonly rules: TrustRule[];
  /**
   * Exact audiences to admit, on every cloud.
   * @default - each cloud's default audience: `sts.amazonaws.com` on AWS, the workload identity provider's name on Google Cloud
   */
  readonly audiences?: string[];
  /**
   * Lint findings accepted for the workload's trust, each with a reason.
   * @default []
   */
  readonly acknowledgements?: Acknowledgement[];
}

/** An IAM role a workload may assume. */
export interface AwsRoleTargetProps {
  /** The AWS account ID (12 digits). */
  readonly account: string;
  /** The region of the stack that holds the role (IAM itself is global to the account). */
  readonly region: string;
  /**
   * The role name. Role names are unique per account, across regions.
   * @default `<blueprint>-<workload>`
   */
  readonly roleName?: string;
  /**
   * ARNs of managed policies to attach.
   * @default []
   */
  readonly managedPolicyArns?: string[];
  /**
   * Inline policies, by name.
   * @default {}
   */
  readonly inlinePolicies?: { [name: string]: PolicyDocument };
  /**
   * The ARN of a permissions boundary.
   * @default - the blueprint's `aws.permissionsBoundaryArn`, or none
   */
  readonly permissionsBoundaryArn?: string;
}

/** A Google Cloud service account a workload may impersonate. */
export interface GoogleServiceAccountTargetProps {
  /** The project that holds the service account. */
  readonly project: string;
  /**
   * The service account ID, the part of its email before `@` (6 to 30 characters).
   * @default - the workload name
   */
  readonly accountId?: string;
  /**
   * Whether the blueprint creates the service account (`google_service_account`). When false, it
   * must exist already.
   * @default true
   */
  readonly create?: boolean;
  /**
   * Project roles granted to the service account in its project.
   * @default []
   */
  readonly roles?: string[];
}

/** Project roles a workload's tokens get directly, without a service account. */
export interface GoogleProjectRolesTargetProps {
  /** The project. */
  readonly project: string;
  /** The roles, e.g. `roles/storage.objectViewer`. */
  readonly roles: string[];
}

/**
 * A workload of a {@link TrustBlueprint}: who it is (issuer and rules, compiled once into a
 * {@link TrustPolicy} with the blueprint's session lifetime) and what it may become on AWS and
 * Google Cloud. Created by {@link TrustBlueprint.addWorkload}; add targets before producing stacks.
 */
export class BlueprintWorkload {
  /** @internal */
  public static _of(blueprintName: string, name: string, issuer: BlueprintIssuer, trust: TrustPolicy, isSealed: () => boolean): BlueprintWorkload {
    return new BlueprintWorkload(blueprintName, name, issuer, trust, isSealed);
  }

  /** The workload name. */
  public readonly name: string;
  /** The issuer of its tokens. */
  public readonly issuer: BlueprintIssuer;
  /** Which tokens are this workload, for how long: the same declaration on every cloud. */
  public readonly trust: TrustPolicy;
  private readonly blueprintName: string;
  private readonly isSealed: () => boolean;
  private readonly roles: AwsRoleTargetProps[] = [];
  private readonly accounts: ResolvedServiceAccount[] = [];
  private readonly projectRoles: GoogleProjectRolesTargetProps[] = [];

  private constructor(blueprintName: string, name: string, issuer: BlueprintIssuer, trust: TrustPolicy, isSealed: () => boolean) {
    this.blueprintName = blueprintName;
    this.name = name;
    this.issuer = issuer;
    this.trust = trust;
    this.isSealed = isSealed;
  }

  /** The IAM roles this workload may assume, in the order added. */
  public get awsRoles(): AwsRoleTargetProps[] {
    return [...this.roles];
  }

  /** The service accounts this workload may impersonate, in the order added. */
  public get googleServiceAccounts(): GoogleServiceAccountTargetProps[] {
    return this.accounts.map((a) => ({ project: a.project, accountId: a.accountId, create: a.create, roles: [...a.roles] }));
  }

  /** The project roles this workload's tokens get directly, in the order added. */
  public get googleProjectRoles(): GoogleProjectRolesTargetProps[] {
    return this.projectRoles.map((p) => ({ project: p.project, roles: [...p.roles] }));
  }

  /** The default role name: `<blueprint>-<workload>`, the same in every account. */
  public get defaultRoleName(): string {
    return `${this.blueprintName}-${this.name}`;
  }

  /** Lets the workload assume an IAM role in an account and region. Returns the workload, for chaining. */
  public addAwsRole(props: AwsRoleTargetProps): BlueprintWorkload {
    const where = this.where(`AWS role in ${show(props.account)} ${show(props.region)}`);
    this.checkOpen(where);
    checkAccount(props.account, `${where}, account`);
    checkRegion(props.region, `${where}, region`);
    checkPolicyArns(props.managedPolicyArns ?? [], `${where}, managedPolicyArns`);
    if (props.permissionsBoundaryArn !== undefined) checkPolicyArns([props.permissionsBoundaryArn], `${where}, permissionsBoundaryArn`);
    if (this.roles.some((r) => r.account === props.account && r.region === props.region)) {
      throw trustError(BlueprintErrorCode.DUPLICATE, `${where}: the workload already has a role in account ${props.account}, region ${props.region}.`,
        'give one role all the permissions it needs, or declare a second workload for a second role.');
    }
    this.roles.push({ ...props, managedPolicyArns: [...props.managedPolicyArns ?? []], inlinePolicies: { ...props.inlinePolicies } });
    return this;
  }

  /** Lets the workload impersonate a Google Cloud service account. Returns the workload, for chaining. */
  public addGoogleServiceAccount(props: GoogleServiceAccountTargetProps): BlueprintWorkload {
    const where = this.where(`Google Cloud service account in ${show(props.project)}`);
    this.checkOpen(where);
    const project = checkProject(props.project, `${where}, project`);
    const accountId = checkServiceAccountId(props.accountId ?? this.name, props.accountId === undefined ? `${where}, accountId (defaults to the workload name)` : `${where}, accountId`);
    const roles = checkGoogleRoles(props.roles ?? [], `${where}, roles`);
    if (this.accounts.some((a) => a.project === project && a.accountId === accountId)) {
      throw trustError(BlueprintErrorCode.DUPLICATE, `${where}: the workload already impersonates ${accountId}@${project}.iam.gserviceaccount.com.`, 'declare each service account once per workload.');
    }
    this.accounts.push({ project, accountId, email: `${accountId}@${project}.iam.gserviceaccount.com`, create: props.create ?? true, roles: [...roles] });
    return this;
  }

  /** Grants project roles to the workload's tokens directly (no service account). Returns the workload, for chaining. */
  public addGoogleProjectRoles(props: GoogleProjectRolesTargetProps): BlueprintWorkload {
    const where = this.where(`Google Cloud project roles in ${show(props.project)}`);
    this.checkOpen(where);
    checkProject(props.project, `${where}, project`);
    if (!Array.isArray(props.roles) || props.roles.length === 0) {
      throw trustError(BlueprintErrorCode.INVALID_GOOGLE_TARGET, `${where}: no role is given.`, 'list at least one role, e.g. ["roles/storage.objectViewer"].');
    }
    checkGoogleRoles(props.roles, `${where}, roles`);
    this.projectRoles.push({ project: props.project, roles: [...props.roles] });
    return this;
  }

  /** @internal */
  public get _serviceAccounts(): ResolvedServiceAccount[] {
    return this.accounts;
  }

  /** Whether any target is on Google Cloud. */
  public get targetsGoogle(): boolean {
    return this.accounts.length > 0 || this.projectRoles.length > 0;
  }

  private where(target: string): string {
    return `Blueprint ${show(this.blueprintName)}, workload ${show(this.name)}, ${target}`;
  }

  private checkOpen(where: string): void {
    if (this.isSealed()) {
      throw trustError(BlueprintErrorCode.ALREADY_PRODUCED, `${where}: the blueprint's stacks were already produced, so this target would be missing from them.`,
        'add every target before calling toAws() or toGoogle().');
    }
  }
}
