import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { LintRuleIds } from '../core/lint/rule-ids';
import { TrustRule } from '../core/trust-rule';
import { requireHost, requireIdentifier } from './private/identifiers';
import { exactWhenLiteral } from './private/rules';

/** The HCP Terraform issuers (FACTS.md, "Other issuers"). */
const HCP_TERRAFORM = 'https://app.terraform.io';
const HCP_TERRAFORM_EU = 'https://app.eu.terraform.io';

/** Organization names: letters, digits, `_` and `-`. */
const ORGANIZATION = /^[A-Za-z0-9_-]+$/;
/** Project names: letters, digits, `_`, `-` and inner spaces ("Default Project"). */
const PROJECT = /^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]*[A-Za-z0-9_-])?$/;
/** Workspace names: letters, digits, `_` and `-`, at most 90 characters. */
const WORKSPACE = /^[A-Za-z0-9_-]{1,90}$/;

/** The phases of a run; each gets its own token. */
const PHASES = ['plan', 'apply'];

/** A workspace of HCP Terraform or Terraform Enterprise, by name. */
export interface TerraformWorkspaceProps {
  /** The organization name, e.g. `acme`. */
  readonly organization: string;
  /**
   * The project the workspace belongs to, e.g. `Default Project` for workspaces created without
   * one. Moving the workspace to another project changes its subject.
   */
  readonly project: string;
  /** The workspace name, e.g. `networking-prod`. */
  readonly workspace: string;
}

/** The immutable IDs of a workspace and its organization (workspace settings, or the API). */
export interface TerraformWorkspaceIds {
  /** The workspace ID (`terraform_workspace_id`), e.g. `ws-mbsd5E3Ktt5Rg2Xm`. */
  readonly workspaceId: string;
  /** The organization ID (`terraform_organization_id`), e.g. `org-GRNbCjYNpBB6NEH9`. */
  readonly organizationId: string;
}

/** The immutable ID of an organization. */
export interface TerraformOrganizationIds {
  /** The organization ID (`terraform_organization_id`), e.g. `org-GRNbCjYNpBB6NEH9`. */
  readonly organizationId: string;
}

/**
 * HCP Terraform (formerly Terraform Cloud) or Terraform Enterprise as a token issuer: the
 * workload identity tokens of runs with dynamic provider credentials. Builds rules from
 * workspaces and run phases of the subject
 * `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:plan|apply`, with every value
 * literal.
 *
 * Each run phase gets its own token, so a plan can get a read-only identity and an apply a
 * writing one. Runs choose their audience with `TFC_WORKLOAD_IDENTITY_AUDIENCE` (or the
 * cloud-specific variables); policies admit the target cloud's default audience unless told
 * otherwise. AWS checks only the generic claims for these issuers: rules pinned by IDs compile
 * for Google Cloud only.
 *
 * @example
 * const tfc = TerraformCloud.issuer();
 * const workspace = tfc.workspace({ organization: 'acme', project: 'Default Project', workspace: 'networking-prod' });
 * const plan = tfc.trust({ rules: [workspace.planOnly()] });
 * const apply = tfc.trust({ rules: [workspace.applyOnly()], maxSession: SessionLifetime.minutes(30) });
 */
export class TerraformCloud extends OidcIssuer {
  /** The HCP Terraform issuer URL. */
  public static readonly HCP_TERRAFORM_URL = HCP_TERRAFORM;
  /** The HCP Terraform Europe issuer URL. */
  public static readonly HCP_TERRAFORM_EU_URL = HCP_TERRAFORM_EU;

  /** Tokens from HCP Terraform (`https://app.terraform.io`). */
  public static issuer(): TerraformCloud {
    return new TerraformCloud(HCP_TERRAFORM, 'HCP Terraform');
  }

  /** Tokens from HCP Terraform Europe (`https://app.eu.terraform.io`). */
  public static eu(): TerraformCloud {
    return new TerraformCloud(HCP_TERRAFORM_EU, 'HCP Terraform (EU)');
  }

  /** Tokens from a Terraform Enterprise installation: `https://HOST`. */
  public static enterprise(host: string): TerraformCloud {
    requireHost(host, 'Terraform Enterprise host');
    return new TerraformCloud(`https://${host}`, `Terraform Enterprise (${host})`);
  }

  private constructor(url: string, displayName: string) {
    super(url, {
      displayName,
      sharedIssuer: true,
      // Workspace names are unique only inside an organization: they identify nothing alone.
      subjectClaims: ['sub', 'terraform_full_workspace', 'terraform_organization_name', 'terraform_organization_id', 'terraform_project_id', 'terraform_workspace_id'],
      workloadClaims: ['sub', 'terraform_full_workspace', 'terraform_workspace_name', 'terraform_workspace_id'],
      immutableClaims: ['terraform_workspace_id', 'terraform_organization_id'],
      namespaceBoundaries: [
        // sub = organization:ORG:project:PROJECT:workspace:WS:run_phase:PHASE; names hold no ':'.
        { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'organization', delimiter: ':', occurrences: 2 },
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'workspace', delimiter: ':', occurrences: 6 },
        { claim: 'terraform_full_workspace', scope: BoundaryScope.TENANT, namespace: 'organization', delimiter: ':', occurrences: 2 },
        { claim: 'terraform_full_workspace', scope: BoundaryScope.WORKLOAD, namespace: 'workspace' },
        { claim: 'terraform_organization_name', scope: BoundaryScope.TENANT, namespace: 'organization' },
        { claim: 'terraform_workspace_name', scope: BoundaryScope.WORKLOAD, namespace: 'workspace' },
      ],
    });
  }

  /** A workspace, by organization, project and workspace name. Choose the run phases next. */
  public workspace(props: TerraformWorkspaceProps): TerraformWorkspace {
    return TerraformWorkspace._of(this, {
      organization: checkOrganization(props.organization),
      project: checkProject(props.project),
      workspace: requireIdentifier(props.workspace, WORKSPACE, 'HCP Terraform workspace name', 'a workspace name is 1 to 90 letters, digits, "_" or "-"', 'networking-prod'),
    });
  }

  /** An organization, for trust across its workspaces (an explicit opt-in). */
  public organization(name: string): TerraformOrganization {
    return TerraformOrganization._of(this, checkOrganization(name), undefined);
  }
}

/** The workspaces a builder covers. */
interface WorkspaceScope {
  readonly organization: string;
  /** Undefined: every project. */
  readonly project?: string;
  /** Undefined: every workspace (of the project). */
  readonly workspace?: string;
  readonly organizationId?: string;
  readonly workspaceId?: string;
}

/**
 * An HCP Terraform workspace (or all workspaces of an organization or project) whose runs may get
 * in. Pick the run phases with `planOnly()`, `applyOnly()` or `anyRunPhase()`, which return the
 * {@link TrustRule}.
 */
export class TerraformWorkspace {
  /** @internal */
  public static _of(issuer: TerraformCloud, scope: WorkspaceScope): TerraformWorkspace {
    return new TerraformWorkspace(issuer, scope);
  }

  private readonly issuer: TerraformCloud;
  private readonly scope: WorkspaceScope;

  private constructor(issuer: TerraformCloud, scope: WorkspaceScope) {
    this.issuer = issuer;
    this.scope = scope;
  }

  /**
   * Pin the workspace and its organization by their immutable IDs, so a deleted-and-recreated
   * (or renamed-and-reused) workspace name cannot inherit the trust. Adds
   * `terraform_workspace_id` and `terraform_organization_id` conditions, which AWS cannot check
   * for HCP Terraform: pinned rules compile for Google Cloud only.
   */
  public pinned(ids: TerraformWorkspaceIds): TerraformWorkspace {
    if (this.scope.workspace === undefined) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `pinned() pins one workspace, but this builder covers all workspaces of ${show(this.scope.organization)}.`, 'pin the organization instead: tfc.organization("acme").pinned({ organizationId: "org-..." }).allWorkspaces().');
    }
    return new TerraformWorkspace(this.issuer, {
      ...this.scope,
      workspaceId: checkWorkspaceId(ids.workspaceId),
      organizationId: checkOrganizationId(ids.organizationId),
    });
  }

  /**
   * The plan phase only. Speculative plans (for pull requests on VCS-driven workspaces) run this
   * phase too: give the plan identity read-only access.
   */
  public planOnly(): TrustRule {
    return this.rule(['plan'], 'plan phase');
  }

  /** The apply phase only: runs that were planned and confirmed (or auto-applied). */
  public applyOnly(): TrustRule {
    return this.rule(['apply'], 'apply phase');
  }

  /** Both phases, plan (speculative plans included) and apply. */
  public anyRunPhase(): TrustRule {
    return this.rule(PHASES, 'any run phase');
  }

  private rule(phases: string[], what: string): TrustRule {
    const s = this.scope;
    const subjects = phases.map((phase) => Glob.concat(
      Glob.literal(`organization:${s.organization}:project:`),
      s.project === undefined ? Glob.anyRun() : Glob.literal(s.project),
      Glob.literal(':workspace:'),
      s.workspace === undefined ? Glob.anyRun() : Glob.literal(s.workspace),
      Glob.literal(`:run_phase:${phase}`),
    ));
    const conditions = [ClaimCondition.likeGlob('sub', ...subjects)];
    if (s.workspaceId) conditions.push(ClaimCondition.equalTo('terraform_workspace_id', s.workspaceId));
    if (s.organizationId) conditions.push(ClaimCondition.equalTo('terraform_organization_id', s.organizationId));
    const who = s.workspace !== undefined
      ? `${s.organization}/${s.project}/${s.workspace}`
      : s.project !== undefined ? `all workspaces of ${s.organization}/${s.project}` : `all workspaces of ${s.organization}`;
    let rule = TrustRule.allOf(...conditions.map(exactWhenLiteral)).withDescription(`${who} in the ${what}`);
    if (s.workspace === undefined) {
      rule = rule.acknowledge(LintRuleIds.TENANT_WIDE, `${who} admitted explicitly with organization().${s.project === undefined ? 'allWorkspaces()' : 'allWorkspacesInProject()'}`);
    }
    return rule;
  }
}

/**
 * An HCP Terraform organization. Trust across its workspaces is an explicit opt-in:
 * {@link TerraformOrganization.allWorkspaces}, {@link TerraformOrganization.allWorkspacesInProject}.
 */
export class TerraformOrganization {
  /** @internal */
  public static _of(issuer: TerraformCloud, name: string, organizationId: string | undefined): TerraformOrganization {
    return new TerraformOrganization(issuer, name, organizationId);
  }

  private readonly issuer: TerraformCloud;
  private readonly name: string;
  private readonly organizationId?: string;

  private constructor(issuer: TerraformCloud, name: string, organizationId: string | undefined) {
    this.issuer = issuer;
    this.name = name;
    this.organizationId = organizationId;
  }

  /** Pin the organization by its immutable ID (on AWS this condition cannot be checked). */
  public pinned(ids: TerraformOrganizationIds): TerraformOrganization {
    return new TerraformOrganization(this.issuer, this.name, checkOrganizationId(ids.organizationId));
  }

  /**
   * Every workspace of the organization, in every project, including workspaces created later
   * (acknowledges WT107). Narrow it with `planOnly()` or `applyOnly()`.
   */
  public allWorkspaces(): TerraformWorkspace {
    return TerraformWorkspace._of(this.issuer, { organization: this.name, organizationId: this.organizationId });
  }

  /** Every workspace of one project of the organization, including workspaces created later (acknowledges WT107). */
  public allWorkspacesInProject(project: string): TerraformWorkspace {
    return TerraformWorkspace._of(this.issuer, { organization: this.name, project: checkProject(project), organizationId: this.organizationId });
  }
}

function checkOrganization(name: unknown): string {
  return requireIdentifier(name, ORGANIZATION, 'HCP Terraform organization name', 'an organization name is letters, digits, "_" or "-"', 'acme');
}

function checkProject(name: unknown): string {
  return requireIdentifier(name, PROJECT, 'HCP Terraform project name', 'a project name is letters, digits, "_", "-" and inner spaces', 'Default Project');
}

function checkWorkspaceId(id: unknown): string {
  return requireIdentifier(id, /^ws-[A-Za-z0-9]+$/, 'HCP Terraform workspace ID', 'a workspace ID is "ws-" followed by letters and digits', 'ws-mbsd5E3Ktt5Rg2Xm');
}

function checkOrganizationId(id: unknown): string {
  return requireIdentifier(id, /^org-[A-Za-z0-9]+$/, 'HCP Terraform organization ID', 'an organization ID is "org-" followed by letters and digits', 'org-GRNbCjYNpBB6NEH9');
}
