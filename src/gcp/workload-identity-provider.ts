import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Lazy, Token } from 'cdktf';
import { Construct } from 'constructs';
import { rulesExpression } from './cel';
import { CredentialLifetimeExtension } from './credential-lifetime-extension';
import { GcpTrustErrorCode } from './errors';
import { show, trustError } from '../core/errors';
import { IIssuer, OidcIssuer } from '../core/issuer';
import { SessionLifetime } from '../core/session-lifetime';
import { TrustPolicy } from '../core/trust-policy';
import { TrustRule } from '../core/trust-rule';
import { attributeName, checkId } from './private/ids';
import type { WorkloadIdentityPool } from './workload-identity-pool';

/**
 * Limits of a provider (FACTS.md, "Google Cloud: Workload Identity Federation"): 50 custom
 * attributes, 2,048 characters per mapping, 8 KB of mappings, 4,096 characters of condition,
 * 10 allowed audiences of at most 256 characters.
 */
const MAX_ATTRIBUTES = 50;
const MAX_MAPPING = 2048;
const MAX_MAPPINGS_TOTAL = 8192;
const MAX_CONDITION = 4096;
const MAX_AUDIENCES = 10;
const MAX_AUDIENCE_LENGTH = 256;
/** Display names and descriptions, as for pools. */
const MAX_DISPLAY_NAME = 32;
const MAX_DESCRIPTION = 256;

/** The value a grant's attribute takes when the grant's rules hold. */
export const GRANTED = 'granted';

/**
 * `google.subject`: the token's `sub` when Google can use it (a non-empty string of at most 127
 * bytes, FACTS.md), else a fixed placeholder, so the mapping never fails the exchange of a token a
 * grant admits. Bindings use the grant attributes, never `principal://…/subject/…`.
 */
export const SUBJECT_MAPPING = '"sub" in assertion && type(assertion.sub) == string && assertion.sub != "" && size(bytes(assertion.sub)) <= 127'
  + ' ? assertion.sub : "workload-trust:no-usable-subject"';

/** The role that lets a principal impersonate a service account. */
const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

/** Properties of a {@link WorkloadIdentityProvider}. */
export interface WorkloadIdentityProviderProps {
  /** The provider ID: 4 to 32 characters of `a-z`, `0-9` and `-`, not starting with `gcp-`. */
  readonly providerId: string;
  /** The token issuer: an issuer object (`GitHubActions.issuer()`) or its https URL. */
  readonly issuer: string | IIssuer;
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
   * Whether the provider is disabled.
   * @default false
   */
  readonly disabled?: boolean;
  /**
   * An uploaded JWKS (JSON) to verify tokens with, for issuers Google cannot reach.
   * @default - Google fetches the issuer's keys
   */
  readonly jwksJson?: string;
}

/** Options of {@link WorkloadIdentityProvider.grantServiceAccountImpersonation}. */
export interface ImpersonationOptions {
  /**
   * Where to allow this service account tokens longer than one hour: `organizations/ID`,
   * `folders/ID` or `projects/ID`. The library then manages the list policy
   * `constraints/iam.allowServiceAccountCredentialLifetimeExtension` there, listing every service
   * account that needs it; the policy replaces any other values of that constraint at that level.
   * Required when the trust's lifetime is over one hour.
   * @default - no extension: lifetimes over one hour are refused
   */
  readonly lifetimeExtensionParent?: string;
}

/** One target of grants: every trust granted to it, ORed into one attribute. */
interface GrantTarget {
  readonly attribute: string;
  readonly trusts: TrustPolicy[];
}

/**
 * An OIDC provider of a workload identity pool (`google_iam_workload_identity_pool_provider`)
 * whose attribute condition and mappings are compiled from the grants made through it.
 *
 * Google checks the attribute condition per provider, not per binding. To keep each grant exact,
 * every grant target gets a derived attribute `attribute.wt_...` whose CEL mapping yields
 * `"granted"` only when that target's rules hold, and the binding names the principalSet of that
 * value. The provider's condition is the OR of all grants' rules, so tokens no grant admits are
 * refused at the door.
 *
 * @example
 * declare const pool: gcp.WorkloadIdentityPool;
 * const gitlab = GitLab.issuer();
 * const provider = pool.addOidcProvider('GitLab', { providerId: 'gitlab', issuer: gitlab });
 * provider.grantServiceAccountImpersonation('deployer@my-proj.iam.gserviceaccount.com',
 *   gitlab.trust({ rules: [gitlab.project('acme/app').pinned({ projectId: '42', namespaceId: '7' }).onBranch('main')] }));
 */
export class WorkloadIdentityProvider extends Construct {
  /** The Terraform resource. */
  public readonly resource: IamWorkloadIdentityPoolProvider;
  /** The issuer whose tokens the provider accepts. */
  public readonly issuer: IIssuer;
  /** The provider ID. */
  public readonly providerId: string;
  private readonly pool: WorkloadIdentityPool;
  private readonly targets = new Map<string, GrantTarget>();
  private audienceSource?: TrustPolicy;
  private projectData?: DataGoogleProject;

  constructor(pool: WorkloadIdentityPool, id: string, props: WorkloadIdentityProviderProps) {
    super(pool, id);
    const path = this.node.path;
    this.pool = pool;
    this.issuer = typeof props.issuer === 'string' ? OidcIssuer.fromUrl(props.issuer) : props.issuer;
    this.providerId = checkId(props.providerId, 'workload identity provider ID', path);
    for (const [text, max, what] of [[props.displayName, MAX_DISPLAY_NAME, 'display name'], [props.description, MAX_DESCRIPTION, 'description']] as const) {
      if (text !== undefined && text.length > max) {
        throw trustError(GcpTrustErrorCode.INVALID_TEXT, `${path}: the ${what} ${show(text)} has ${text.length} characters; Google allows at most ${max}.`, `shorten the ${what}.`);
      }
    }
    this.resource = new IamWorkloadIdentityPoolProvider(this, 'Resource', {
      project: pool.project,
      workloadIdentityPoolId: pool.poolId,
      workloadIdentityPoolProviderId: this.providerId,
      displayName: props.displayName,
      description: props.description,
      disabled: props.disabled,
      attributeMapping: Lazy.anyValue({ produce: () => this.attributeMapping() }) as any,
      attributeCondition: Lazy.stringValue({ produce: () => terraformLiteral(this.attributeCondition()) }),
      oidc: {
        issuerUri: terraformLiteral(this.issuer.url),
        allowedAudiences: Lazy.listValue({ produce: () => this.allowedAudiences() }),
        jwksJson: props.jwksJson,
      },
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The provider's resource name, `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`. */
  public get name(): string {
    return this.resource.name;
  }

  /**
   * Lets tokens the trust admits impersonate the service account: `roles/iam.workloadIdentityUser`
   * on it for the principalSet of the grant's attribute (`google_service_account_iam_member`).
   *
   * Lifetime: service account tokens last at most one hour unless the organisation policy allows
   * more for this account; a trust over one hour needs `lifetimeExtensionParent`. Google cannot
   * enforce a lifetime under one hour: callers request it (`access_token_lifetime`).
   *
   * @param serviceAccount the service account's email, or its resource name `projects/P/serviceAccounts/EMAIL`
   * @param trust which tokens may impersonate it
   */
  public grantServiceAccountImpersonation(serviceAccount: string, trust: TrustPolicy, options: ImpersonationOptions = {}): ServiceAccountIamMember {
    const resourceName = serviceAccountResourceName(serviceAccount);
    const attribute = this.register(`sa ${serviceAccount}`, trust);
    if (trust.maxSession.toSeconds() > SessionLifetime.DEFAULT_SECONDS) {
      if (options.lifetimeExtensionParent === undefined) {
        throw trustError(GcpTrustErrorCode.LIFETIME_NEEDS_EXTENSION,
          `${this.node.path}: the trust for ${show(serviceAccount)} allows sessions of ${trust.maxSession.toString()}, but service account tokens last at most 1 hour unless constraints/iam.allowServiceAccountCredentialLifetimeExtension lists the account.`,
          'shorten maxSession to one hour or less, or pass lifetimeExtensionParent (e.g. "organizations/123456789") so the library manages that policy.');
      }
      CredentialLifetimeExtension.of(this, options.lifetimeExtensionParent).allow(emailOf(serviceAccount));
    }
    // A second grant to the same account widens the attribute's rules; the binding stays one.
    const id = `Impersonation-${attribute}`;
    return this.node.tryFindChild(id) as ServiceAccountIamMember | undefined ?? new ServiceAccountIamMember(this, id, {
      serviceAccountId: resourceName,
      role: WORKLOAD_IDENTITY_USER,
      member: this.principalSetOf(attribute),
    });
  }

  /**
   * The principalSet of tokens the trust admits, for any resource IAM binding that accepts
   * federated principals (direct resource access, no service account). The name identifies the
   * grant: grants with the same name share one attribute, so their rules are ORed.
   *
   * Direct access tokens are short-lived by Google's rules (FACTS.md: at most 10 minutes), shorter
   * than any declared lifetime.
   */
  public principalSetFor(grantName: string, trust: TrustPolicy): string {
    return this.principalSetOf(this.register(`direct ${grantName}`, trust));
  }

  /** Grants a project role directly to the tokens the trust admits (`google_project_iam_member`). */
  public grantProjectRole(project: string, role: string, trust: TrustPolicy): ProjectIamMember {
    const attribute = this.register(`project ${project} ${role}`, trust);
    const id = `ProjectRole-${attribute}`;
    const existing = this.node.tryFindChild(id) as ProjectIamMember | undefined;
    return existing ?? new ProjectIamMember(this, id, { project, role, member: this.principalSetOf(attribute) });
  }

  private principalSetOf(attribute: string): string {
    return `principalSet://iam.googleapis.com/${this.pool.name}/attribute.${attribute}/${GRANTED}`;
  }

  private register(label: string, trust: TrustPolicy): string {
    const path = this.node.path;
    if (trust.issuer.url !== this.issuer.url) {
      throw trustError(GcpTrustErrorCode.ISSUER_MISMATCH,
        `${path}: the provider accepts tokens of ${show(this.issuer.url)}, but the trust for ${label} is for ${show(trust.issuer.url)}.`,
        'grant through the provider of the trust policy\'s issuer (add one per issuer to the pool).');
    }
    const first = this.audienceSource;
    if (first && (first.admitsTargetDefaultAudience !== trust.admitsTargetDefaultAudience || first.audiences.join('\n') !== trust.audiences.join('\n'))) {
      throw trustError(GcpTrustErrorCode.AUDIENCE_MISMATCH,
        `${path}: Google checks audiences per provider, and the trust for ${label} admits ${describeAudiences(trust)} while an earlier grant admits ${describeAudiences(first)}.`,
        'give every trust granted through one provider the same audiences, or add a provider per audience set.');
    }
    this.audienceSource = first ?? trust;
    // Explicit audiences plus the default need the provider's own name, which holds the project
    // number: look it up now, as constructs added during synthesis would not be rendered.
    if (trust.audiences.length > 0 && trust.admitsTargetDefaultAudience) this.projectNumber();
    const attribute = attributeName(label);
    const target = this.targets.get(attribute) ?? { attribute, trusts: [] };
    target.trusts.push(trust);
    this.targets.set(attribute, target);
    return attribute;
  }

  private targetExpression(target: GrantTarget): string {
    return rulesExpression(uniqueRules(target.trusts.flatMap((t) => t.rules)));
  }

  private attributeMapping(): { [key: string]: string } {
    const mapping: { [key: string]: string } = { 'google.subject': SUBJECT_MAPPING };
    for (const t of this.sortedTargets()) mapping[`attribute.${t.attribute}`] = terraformLiteral(`(${this.targetExpression(t)}) ? "${GRANTED}" : ""`);
    return mapping;
  }

  private attributeCondition(): string {
    return rulesExpression(uniqueRules(this.sortedTargets().flatMap((t) => t.trusts.flatMap((x) => x.rules))));
  }

  private allowedAudiences(): string[] {
    const trust = this.audienceSource;
    if (!trust) return [];
    // Google's default when the list is empty: the provider's own resource name (with or without https:).
    if (trust.audiences.length === 0) return [];
    // User audiences are literal text; the default names hold the project number reference.
    const explicit = trust.audiences.map(terraformLiteral);
    if (!trust.admitsTargetDefaultAudience) return explicit;
    const name = `projects/${this.projectNumber()}/locations/global/workloadIdentityPools/${this.pool.poolId}/providers/${this.providerId}`;
    return [...new Set([...explicit, `//iam.googleapis.com/${name}`, `https://iam.googleapis.com/${name}`])];
  }

  private projectNumber(): string {
    this.projectData ??= new DataGoogleProject(this, 'Project', { projectId: this.pool.project });
    return this.projectData.number;
  }

  private sortedTargets(): GrantTarget[] {
    return [...this.targets.values()].sort((a, b) => (a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : 0));
  }

  private validate(): string[] {
    const errors: string[] = [];
    const say = (code: string, problem: string, fix: string) => errors.push(`[${code}] ${problem} Fix: ${fix}`);
    if (this.targets.size === 0) {
      say(GcpTrustErrorCode.NO_GRANT, 'the provider has no grant, so it has no attribute condition to check; Google would admit every token of the issuer to the pool.', 'grant through it (grantServiceAccountImpersonation, grantProjectRole, principalSetFor) or remove it.');
      return errors;
    }
    if (this.targets.size > MAX_ATTRIBUTES) {
      say(GcpTrustErrorCode.TOO_MANY_GRANTS, `the provider has ${this.targets.size} grant targets, each a custom attribute; Google allows ${MAX_ATTRIBUTES}.`, 'spread the grants over several providers (one issuer may have several providers in different pools).');
    }
    let total = SUBJECT_MAPPING.length + 'google.subject'.length;
    for (const t of this.sortedTargets()) {
      const expression = `(${this.targetExpression(t)}) ? "${GRANTED}" : ""`;
      total += Buffer.byteLength(expression) + `attribute.${t.attribute}`.length;
      if (expression.length > MAX_MAPPING) {
        say(GcpTrustErrorCode.EXPRESSION_TOO_LARGE, `the mapping of attribute.${t.attribute} has ${expression.length} characters; Google allows ${MAX_MAPPING} per mapping.`, 'shorten the rules of that grant, or split them over several grant names.');
      }
    }
    if (total > MAX_MAPPINGS_TOTAL) {
      say(GcpTrustErrorCode.EXPRESSION_TOO_LARGE, `the attribute mappings take ${total} bytes; Google allows ${MAX_MAPPINGS_TOTAL} in all.`, 'spread the grants over several providers.');
    }
    const condition = this.attributeCondition();
    if (condition.length > MAX_CONDITION) {
      say(GcpTrustErrorCode.EXPRESSION_TOO_LARGE, `the attribute condition has ${condition.length} characters; Google allows ${MAX_CONDITION}.`, 'spread the grants over several providers.');
    }
    const audiences = this.audienceSource?.audiences ?? [];
    const count = audiences.length + (this.audienceSource?.admitsTargetDefaultAudience && audiences.length > 0 ? 2 : 0);
    if (count > MAX_AUDIENCES) {
      say(GcpTrustErrorCode.INVALID_AUDIENCES, `the provider needs ${count} allowed audiences; Google allows ${MAX_AUDIENCES}.`, 'use fewer audiences (the target default needs none listed).');
    }
    for (const a of audiences.filter((x) => x.length > MAX_AUDIENCE_LENGTH)) {
      say(GcpTrustErrorCode.INVALID_AUDIENCES, `the audience ${show(a)} has ${a.length} characters; Google allows ${MAX_AUDIENCE_LENGTH}.`, 'use a shorter audience.');
    }
    return errors;
  }
}

/**
 * Terraform reads `${` and `%{` in strings as template syntax, also in JSON configuration; `$${` and
 * `%%{` stand for the literal characters, so a claim value cannot inject a Terraform expression.
 */
function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function describeAudiences(trust: TrustPolicy): string {
  const parts = [...trust.audiences.map((a) => JSON.stringify(a)), ...(trust.admitsTargetDefaultAudience ? ['the provider\'s default audience'] : [])];
  return parts.join(', ');
}

/** Rules that compile to the same CEL once: ORing a rule with itself changes nothing. */
function uniqueRules(rules: TrustRule[]): TrustRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = rulesExpression([r]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function serviceAccountResourceName(serviceAccount: string): string {
  if (Token.isUnresolved(serviceAccount) || serviceAccount.startsWith('projects/')) return serviceAccount;
  const project = /@([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(serviceAccount)?.[1] ?? '-';
  return `projects/${project}/serviceAccounts/${serviceAccount}`;
}

function emailOf(serviceAccount: string): string {
  return serviceAccount.startsWith('projects/') ? serviceAccount.slice(serviceAccount.lastIndexOf('/') + 1) : serviceAccount;
}
