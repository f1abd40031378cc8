import { Construct } from 'constructs';
import { AwsBlueprintOptions, AwsBlueprintStacks } from './aws-blueprint-stacks';
import { BlueprintIssuer } from './blueprint-issuer';
import { AwsBlueprintSettings, GoogleBlueprintSettings } from './blueprint-settings';
import { BlueprintWorkload, BlueprintWorkloadProps } from './blueprint-workload';
import { BlueprintErrorCode } from './errors';
import { GoogleBlueprintOptions, GoogleBlueprintStack } from './google-blueprint-stack';
import { show, trustError, within } from '../core/errors';
import { IIssuer } from '../core/issuer';
import { SessionLifetime } from '../core/session-lifetime';
import { TrustPolicy } from '../core/trust-policy';
import { checkOwner, checkPolicyArns, checkProject, checkRegion } from './private/identifiers';
import { checkBlueprintName, checkIssuerName, checkWorkloadName } from './private/names';

/** What a {@link TrustBlueprint} is. */
export interface TrustBlueprintProps {
  /**
   * The blueprint name: 4 to 32 lowercase letters, digits and hyphens. It names the stacks,
   * prefixes role names, is the default Google Cloud pool ID and is tagged on every resource.
   * Renaming it replaces resources.
   */
  readonly name: string;
  /** Who owns the blueprint, e.g. a team name or email address: tagged on every AWS resource and written into Google Cloud descriptions. */
  readonly owner: string;
  /**
   * The longest lifetime of the cloud credentials any workload obtains, on every cloud.
   * @default SessionLifetime.oneHour()
   */
  readonly maxSession?: SessionLifetime;
  /**
   * AWS settings.
   * @default - import OIDC providers, no boundary, path '/'
   */
  readonly aws?: AwsBlueprintSettings;
  /**
   * Google Cloud settings; required when any workload has a Google Cloud target.
   * @default - none
   */
  readonly google?: GoogleBlueprintSettings;
}

/**
 * A platform team's one declaration of workloads and what each may become, on AWS and Google
 * Cloud, with one session lifetime. It produces the aws-cdk-lib stacks (one per account and
 * region, or into stacks you pass) with {@link TrustBlueprint.toAws}, and the CDKTF stack with
 * {@link TrustBlueprint.toGoogle}, with consistent names and tags. Load one from a YAML or JSON
 * file with `BlueprintFile.load()`.
 *
 * Names are stable: stack IDs are `<blueprint>-<account>-<region>` and `<blueprint>-google`, role
 * construct IDs `Role-<workload>`, role names `<blueprint>-<workload>`, provider IDs the issuer names.
 *
 * @example
 * const bp = new blueprint.TrustBlueprint({ name: 'acme-platform', owner: 'platform-team', maxSession: SessionLifetime.minutes(30),
 *   google: { project: 'acme-ci' } });
 * const github = GitHubActions.issuer();
 * const gh = bp.addIssuer('github', github);
 * bp.addWorkload('api-prod', { issuer: gh, rules: [github.repository('acme/api').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] })
 *   .addAwsRole({ account: '111111111111', region: 'eu-west-1', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
 *   .addGoogleServiceAccount({ project: 'acme-prod', accountId: 'api-deploy', roles: ['roles/run.developer'] });
 * bp.toAws(new App());
 * bp.toGoogle(new cdktf.App());
 */
export class TrustBlueprint {
  /** The blueprint name. */
  public readonly name: string;
  /** Who owns the blueprint. */
  public readonly owner: string;
  /** The session lifetime of every workload. */
  public readonly maxSession: SessionLifetime;
  /** AWS settings. */
  public readonly aws: AwsBlueprintSettings;
  /** Google Cloud settings, if any. */
  public readonly google?: GoogleBlueprintSettings;
  private readonly issuerList: BlueprintIssuer[] = [];
  private readonly workloadList: BlueprintWorkload[] = [];
  private produced = false;

  constructor(props: TrustBlueprintProps) {
    this.name = checkBlueprintName(props.name);
    const where = `Blueprint ${show(this.name)}`;
    this.owner = checkOwner(props.owner, `${where}, owner`);
    this.maxSession = props.maxSession ?? SessionLifetime.oneHour();
    this.aws = { ...props.aws };
    if (this.aws.permissionsBoundaryArn !== undefined) checkPolicyArns([this.aws.permissionsBoundaryArn], `${where}, aws.permissionsBoundaryArn`);
    if (this.aws.providerRegion !== undefined) checkRegion(this.aws.providerRegion, `${where}, aws.providerRegion`);
    if (props.google) checkProject(props.google.project, `${where}, google.project`);
    this.google = props.google ? { ...props.google } : undefined;
  }

  /** The issuers, in the order added. */
  public get issuers(): BlueprintIssuer[] {
    return [...this.issuerList];
  }

  /** The workloads, in the order added. */
  public get workloads(): BlueprintWorkload[] {
    return [...this.workloadList];
  }

  /**
   * Names an issuer for the blueprint's workloads. The name is the Google Cloud provider ID
   * (4 to 32 lowercase letters, digits and hyphens) and must not change once deployed.
   */
  public addIssuer(name: string, issuer: IIssuer): BlueprintIssuer {
    const where = `Blueprint ${show(this.name)}, issuer ${show(name)}`;
    this.checkOpen(where);
    checkIssuerName(name, where);
    const clash = this.issuerList.find((i) => i.name === name || i.issuer.url === issuer.url);
    if (clash) {
      throw trustError(BlueprintErrorCode.DUPLICATE,
        `${where}: ${clash.name === name ? 'the name is taken' : `issuer ${show(clash.name)} has the same URL ${show(issuer.url)}`}; one blueprint names each issuer once.`,
        'reuse the BlueprintIssuer already added.');
    }
    const added = BlueprintIssuer._of(name, issuer);
    this.issuerList.push(added);
    return added;
  }

  /**
   * Declares a workload: its issuer and rules, compiled now into a {@link TrustPolicy} with the
   * blueprint's session lifetime (so lint errors surface here). Add what it may become to the
   * returned workload.
   */
  public addWorkload(name: string, props: BlueprintWorkloadProps): BlueprintWorkload {
    const where = `Blueprint ${show(this.name)}, workload ${show(name)}`;
    this.checkOpen(where);
    checkWorkloadName(name, where);
    if (this.workloadList.some((w) => w.name === name)) {
      throw trustError(BlueprintErrorCode.DUPLICATE, `${where}: the name is taken.`, 'give every workload its own name.');
    }
    if (!this.issuerList.includes(props.issuer)) {
      throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `${where}: its issuer ${show(props.issuer?.name)} was not added to this blueprint.`, 'use an issuer returned by this blueprint\'s addIssuer().');
    }
    const trust = within(where, () => new TrustPolicy({
      issuer: props.issuer.issuer,
      rules: props.rules,
      audiences: props.audiences,
      maxSession: this.maxSession,
      acknowledgements: props.acknowledgements,
    }));
    const workload = BlueprintWorkload._of(this.name, name, props.issuer, trust, () => this.produced);
    this.workloadList.push(workload);
    return workload;
  }

  /** The workload with this name. */
  public workload(name: string): BlueprintWorkload {
    const found = this.workloadList.find((w) => w.name === name);
    if (!found) {
      throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `Blueprint ${show(this.name)}: there is no workload ${show(name)}.`, `use one of ${show(this.workloadList.map((w) => w.name))}.`);
    }
    return found;
  }

  /**
   * Produces the AWS side: one stack per account and region under `scope` (usually the
   * `App` or a `Stage`), or the stacks you pass for an account and region, with the OIDC
   * providers and one `aws.FederatedRole` per workload and target.
   */
  public toAws(scope: Construct, options: AwsBlueprintOptions = {}): AwsBlueprintStacks {
    this.produced = true;
    return AwsBlueprintStacks._produce(this, scope, options);
  }

  /**
   * Produces the Google Cloud side: one CDKTF `TerraformStack` under `scope` (usually the cdktf
   * `App`), or the stack you pass, with the pool, a provider per issuer, the service accounts and
   * the grants.
   */
  public toGoogle(scope: Construct, options: GoogleBlueprintOptions = {}): GoogleBlueprintStack {
    this.produced = true;
    return GoogleBlueprintStack._produce(this, scope, options);
  }

  private checkOpen(where: string): void {
    if (this.produced) {
      throw trustError(BlueprintErrorCode.ALREADY_PRODUCED, `${where}: the blueprint's stacks were already produced, so this declaration would be missing from them.`,
        'declare every issuer and workload before calling toAws() or toGoogle().');
    }
  }
}
