import { readFileSync } from 'fs';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { LineCounter, parseDocument } from 'yaml';
import type { BlueprintIssuer } from './blueprint-issuer';
import { OidcProviderMode } from './blueprint-settings';
import type { AwsRoleTargetProps, GoogleProjectRolesTargetProps, GoogleServiceAccountTargetProps } from './blueprint-workload';
import { BlueprintErrorCode } from './errors';
import { TrustBlueprint } from './trust-blueprint';
import { ClaimCondition } from '../core/claim-condition';
import { messageOf, show, TrustError, trustError } from '../core/errors';
import { IIssuer, OidcIssuer } from '../core/issuer';
import { SessionLifetime } from '../core/session-lifetime';
import { TrustRule } from '../core/trust-rule';
import { GitHubActions } from '../issuers/github-actions';
import { GitLab } from '../issuers/gitlab';
import { KubernetesServiceAccounts } from '../issuers/kubernetes';
import { TerraformCloud } from '../issuers/terraform-cloud';
import { FileLocator, pointerSegments } from './private/file-location';
import { BLUEPRINT_SCHEMA } from './private/schema';

/** The shapes the schema guarantees (checked by ajv before any of this is read). */
interface IssuerData { type: string; enterprise?: string; host?: string; url?: string }
interface RuleData { [selector: string]: any; description?: string; acknowledge?: { [id: string]: string } }
interface WorkloadData {
  issuer: string;
  rules: RuleData[];
  audiences?: string[];
  aws?: Array<Omit<AwsRoleTargetProps, 'inlinePolicies'> & { inlinePolicies?: { [name: string]: any } }>;
  google?: { serviceAccounts?: GoogleServiceAccountTargetProps[]; projectRoles?: GoogleProjectRolesTargetProps[] };
}
interface BlueprintData {
  name: string;
  owner: string;
  maxSessionMinutes?: number;
  aws?: { oidcProviders?: string; providerRegion?: string; permissionsBoundaryArn?: string; rolePath?: string; trustPolicySizeQuota?: number };
  google?: { project: string; poolId?: string; lifetimeExtensionParent?: string };
  issuers: { [name: string]: IssuerData };
  workloads: { [name: string]: WorkloadData };
}

/** The rule selectors, by the issuer type they belong to. */
const SELECTORS: { [selector: string]: string } = { github: 'github-actions', gitlab: 'gitlab', terraformCloud: 'terraform-cloud', kubernetes: 'kubernetes' };

let validator: ValidateFunction | undefined;

/**
 * Blueprints as data: a YAML or JSON file, validated against the blueprint JSON Schema
 * (`blueprint.schema.json` in this package) and then by the same rules as the code API. Every
 * error names the file, line and column, the field, the rule it breaks and the fix.
 *
 * @example
 * const bp = blueprint.BlueprintFile.load('platform/blueprint.yaml');
 * bp.toAws(new App());
 * bp.toGoogle(new cdktf.App());
 */
export class BlueprintFile {
  /** Reads and validates a blueprint file (`.yaml`, `.yml` or `.json`). */
  public static load(path: string): TrustBlueprint {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw trustError(BlueprintErrorCode.UNREADABLE_FILE, `${path}: the blueprint file cannot be read (${(e as Error).message}).`, 'check the path, relative to the working directory.');
    }
    return BlueprintFile.parse(text, path);
  }

  /**
   * Validates a blueprint given as YAML or JSON text.
   * @param fileName the name errors use for the text
   */
  public static parse(text: string, fileName: string): TrustBlueprint {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const { line, col } = lines.linePos(e.pos[0]);
      throw trustError(BlueprintErrorCode.UNREADABLE_FILE, `${fileName}:${line}:${col}: not valid YAML or JSON: ${e.message.split('\n')[0]}`, 'fix the syntax at that position.');
    }
    const locator = new FileLocator(fileName, doc, lines);
    const data = doc.toJS();
    const validate = validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(BLUEPRINT_SCHEMA);
    if (!validate(data)) {
      const errors = distinctErrors(validate.errors ?? []);
      const problems = errors.slice(0, MAX_LISTED_ERRORS).map((e) => {
        const where = locator.locate(pointerSegments(e.instancePath));
        return `${where.position}: ${where.field || '(file)'}: ${describe(e)}`;
      });
      if (errors.length > MAX_LISTED_ERRORS) problems.push(`… and ${errors.length - MAX_LISTED_ERRORS} more`);
      throw trustError(BlueprintErrorCode.INVALID_FILE, `${fileName} is not a valid blueprint:\n  ${problems.join('\n  ')}\n`,
        'correct the fields listed; blueprint.schema.json in the workload-trust package describes every field (editors that read JSON Schema can check the file as you type).');
    }
    return new FileBuilder(locator).build(data as BlueprintData);
  }

  /** The blueprint JSON Schema (draft-07), the same as `blueprint.schema.json` in this package. */
  public static schema(): any {
    return JSON.parse(JSON.stringify(BLUEPRINT_SCHEMA));
  }

  private constructor() {}
}

/** Builds the blueprint through the code API, so data and code follow one set of rules. */
class FileBuilder {
  constructor(private readonly locator: FileLocator) {}

  public build(data: BlueprintData): TrustBlueprint {
    const bp = this.at(['name'], () => new TrustBlueprint({
      name: data.name,
      owner: data.owner,
      maxSession: data.maxSessionMinutes === undefined ? undefined : SessionLifetime.minutes(data.maxSessionMinutes),
      aws: data.aws && {
        oidcProviders: data.aws.oidcProviders as OidcProviderMode | undefined,
        providerRegion: data.aws.providerRegion,
        permissionsBoundaryArn: data.aws.permissionsBoundaryArn,
        rolePath: data.aws.rolePath,
        trustPolicySizeQuota: data.aws.trustPolicySizeQuota,
      },
      google: data.google,
    }));
    const issuers = new Map<string, { added: BlueprintIssuer; type: string }>();
    for (const [name, issuer] of Object.entries(data.issuers)) {
      const added = this.at(['issuers', name], () => bp.addIssuer(name, issuerOf(issuer)));
      issuers.set(name, { added, type: issuer.type });
    }
    for (const [name, w] of Object.entries(data.workloads)) {
      const issuer = issuers.get(w.issuer);
      if (!issuer) {
        this.at(['workloads', name, 'issuer'], () => {
          throw trustError(BlueprintErrorCode.UNKNOWN_REFERENCE, `the issuer ${show(w.issuer)} is not declared.`, `use one of ${show([...issuers.keys()])}, or declare it under issuers.`);
        });
        continue;
      }
      const rules = w.rules.map((r, i) => this.at(['workloads', name, 'rules', i], () => ruleOf(r, issuer.added.issuer, issuer.type)));
      const workload = this.at(['workloads', name], () => bp.addWorkload(name, { issuer: issuer.added, rules, audiences: w.audiences }));
      (w.aws ?? []).forEach((role, i) => this.at(['workloads', name, 'aws', i], () => workload.addAwsRole({
        ...role,
        inlinePolicies: role.inlinePolicies && Object.fromEntries(Object.entries(role.inlinePolicies)
          .map(([n, doc]) => [n, PolicyDocument.fromJson(doc)])),
      })));
      (w.google?.serviceAccounts ?? []).forEach((sa, i) => this.at(['workloads', name, 'google', 'serviceAccounts', i], () => workload.addGoogleServiceAccount(sa)));
      (w.google?.projectRoles ?? []).forEach((pr, i) => this.at(['workloads', name, 'google', 'projectRoles', i], () => workload.addGoogleProjectRoles(pr)));
    }
    return bp;
  }

  /** Runs one step; an error names the file position and field it came from. */
  private at<T>(path: Array<string | number>, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      const where = this.locator.locate(path);
      const message = messageOf(e);
      const code = e instanceof TrustError ? e.code : BlueprintErrorCode.INVALID_FILE;
      throw new TrustError(code, `${where.position}: ${where.field}: ${message}${e instanceof TrustError ? '' : ' Fix: correct this field.'}`);
    }
  }
}

function issuerOf(data: IssuerData): IIssuer {
  const unused = (fields: Array<keyof IssuerData>): void => {
    const given = fields.filter((f) => data[f] !== undefined);
    if (given.length > 0) {
      throw trustError(BlueprintErrorCode.INVALID_FILE, `${show(given.join(', '))} does not apply to issuers of type ${data.type}.`, 'remove it.');
    }
  };
  switch (data.type) {
    case 'github-actions':
      unused(['url']);
      if (data.enterprise !== undefined && data.host !== undefined) {
        throw trustError(BlueprintErrorCode.INVALID_FILE, 'enterprise and host are both given.', 'give enterprise for GitHub Enterprise Cloud with a customised issuer, host for GitHub Enterprise Server, or neither for github.com.');
      }
      if (data.enterprise !== undefined) return GitHubActions.enterprise(data.enterprise);
      return data.host !== undefined ? GitHubActions.server(data.host) : GitHubActions.issuer();
    case 'gitlab':
      unused(['url', 'enterprise']);
      return data.host !== undefined ? GitLab.selfManaged(data.host) : GitLab.issuer();
    case 'terraform-cloud':
      unused(['url', 'enterprise']);
      return data.host !== undefined ? TerraformCloud.enterprise(data.host) : TerraformCloud.issuer();
    case 'kubernetes':
      unused(['host', 'enterprise']);
      return KubernetesServiceAccounts.issuer(required(data.url, 'url', 'the cluster\'s service account issuer URL, e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE'));
    default:
      unused(['host', 'enterprise']);
      return OidcIssuer.fromUrl(required(data.url, 'url', 'the issuer URL, equal to the tokens\' iss claim'));
  }
}

function required(value: string | undefined, field: string, what: string): string {
  if (value === undefined) throw trustError(BlueprintErrorCode.INVALID_FILE, `the field ${field} is missing.`, `add ${field}: ${what}.`);
  return value;
}

function ruleOf(data: RuleData, issuer: IIssuer, type: string): TrustRule {
  const selectors = Object.keys(data).filter((k) => k !== 'description' && k !== 'acknowledge');
  if (selectors.length !== 1) {
    throw trustError(BlueprintErrorCode.INVALID_FILE, `a rule needs exactly one selector, and this one has ${selectors.length === 0 ? 'none' : show(selectors.join(', '))}.`,
      'write one rule per selector (a token is admitted when any rule holds), e.g. `- github: {...}` or `- claims: {...}`.');
  }
  const selector = selectors[0];
  if (selector !== 'claims' && SELECTORS[selector] !== type) {
    throw trustError(BlueprintErrorCode.INVALID_FILE, `the selector ${selector} is for issuers of type ${SELECTORS[selector]}, but the workload's issuer is of type ${type}.`,
      `use the selector of ${type} issuers, or claims.`);
  }
  let rule = selectorRule(selector, data[selector], issuer);
  if (data.description !== undefined) rule = rule.withDescription(data.description);
  for (const [id, reason] of Object.entries(data.acknowledge ?? {})) rule = rule.acknowledge(id, reason);
  return rule;
}

function selectorRule(selector: string, s: any, issuer: IIssuer): TrustRule {
  switch (selector) {
    case 'github': {
      let repo = (issuer as GitHubActions).repository(s.repository);
      if (s.repositoryId !== undefined || s.ownerId !== undefined) repo = repo.pinned({ repositoryId: both(s.repositoryId, 'repositoryId', 'ownerId'), ownerId: both(s.ownerId, 'ownerId', 'repositoryId') });
      if (s.reusableWorkflow !== undefined) repo = repo.usingReusableWorkflow(s.reusableWorkflow);
      return refRule(s, {
        environment: (v) => repo.onEnvironment(v),
        branch: (v) => repo.onBranch(v),
        branchMatching: (v) => repo.onBranchMatching(v),
        tag: (v) => repo.onTag(v),
        tagMatching: (v) => repo.onTagMatching(v),
        anyRef: () => repo.anyRef(),
        pullRequest: () => repo.onPullRequest(),
      });
    }
    case 'gitlab': {
      let project = (issuer as GitLab).project(s.project);
      if (s.projectId !== undefined || s.namespaceId !== undefined) project = project.pinned({ projectId: both(s.projectId, 'projectId', 'namespaceId'), namespaceId: both(s.namespaceId, 'namespaceId', 'projectId') });
      if (s.protectedRefsOnly) project = project.protectedRefsOnly();
      return refRule(s, {
        environment: (v) => project.onEnvironment(v),
        branch: (v) => project.onBranch(v),
        branchMatching: (v) => project.onBranchMatching(v),
        tag: (v) => project.onTag(v),
        tagMatching: (v) => project.onTagMatching(v),
        anyRef: () => project.anyRef(),
      });
    }
    case 'terraformCloud': {
      let workspace = (issuer as TerraformCloud).workspace({ organization: s.organization, project: s.project, workspace: s.workspace });
      if (s.workspaceId !== undefined || s.organizationId !== undefined) workspace = workspace.pinned({ workspaceId: both(s.workspaceId, 'workspaceId', 'organizationId'), organizationId: both(s.organizationId, 'organizationId', 'workspaceId') });
      return s.phase === 'plan' ? workspace.planOnly() : s.phase === 'apply' ? workspace.applyOnly() : workspace.anyRunPhase();
    }
    case 'kubernetes':
      return (issuer as KubernetesServiceAccounts).serviceAccount(s.namespace, s.serviceAccount);
    default:
      return TrustRule.allOf(...Object.entries(s as { [claim: string]: { equals?: string[]; like?: string[] } }).map(([claim, c]) => {
        if ((c.equals === undefined) === (c.like === undefined)) {
          throw trustError(BlueprintErrorCode.INVALID_FILE, `the condition on ${show(claim)} needs exactly one of equals and like.`, 'write equals: [values] for exact values or like: [patterns] for globs; two conditions on one claim go in two rules or one list.');
        }
        return c.equals !== undefined ? ClaimCondition.equals(claim, ...c.equals) : ClaimCondition.like(claim, ...c.like!);
      }));
  }
}

/** Exactly one of the ref selectors of a GitHub or GitLab rule. */
function refRule(s: any, builders: { [field: string]: (value: string) => TrustRule }): TrustRule {
  const given = Object.keys(builders).filter((f) => s[f] !== undefined);
  if (given.length !== 1) {
    throw trustError(BlueprintErrorCode.INVALID_FILE, `the rule needs exactly one of ${Object.keys(builders).join(', ')}, and has ${given.length === 0 ? 'none' : show(given.join(', '))}.`,
      'say which runs are admitted (e.g. environment: prod); for several, write several rules.');
  }
  return builders[given[0]](s[given[0]]);
}

function both(value: string | undefined, field: string, other: string): string {
  if (value === undefined) throw trustError(BlueprintErrorCode.INVALID_FILE, `${other} is given without ${field}.`, `give both ${field} and ${other} to pin the rule to immutable IDs.`);
  return value;
}

/** Most schema errors one message lists; the count of the others is said, not dropped silently. */
const MAX_LISTED_ERRORS = 20;

/** The schema errors to list: each distinct one once (the same field can fail a rule on several paths). */
function distinctErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** An ajv error in words: what is wrong and the field's rule from its schema description. */
function describe(e: ErrorObject): string {
  const rule = (e.parentSchema as { description?: string } | undefined)?.description;
  const suffix = rule ? ` (${rule})` : '';
  switch (e.keyword) {
    case 'required': return `the required field ${show(e.params.missingProperty)} is missing${suffix}.`;
    case 'additionalProperties': return `unknown field ${show(e.params.additionalProperty)}; allowed: ${Object.keys((e.parentSchema as any).properties ?? {}).join(', ')}.`;
    case 'propertyNames': return `the name ${show(e.params.propertyName)} is not valid${suffix}.`;
    case 'enum': return `${show(e.data)} is not one of ${(e.params.allowedValues as unknown[]).map((v) => show(v)).join(', ')}${suffix}.`;
    case 'type': return `${show(e.data)} is not of type ${e.params.type}${suffix}.`;
    case 'pattern': return `${show(e.data)} does not match ${e.params.pattern}${suffix}.`;
    default: return `${show(e.data)}: ${e.message}${suffix}.`;
  }
}
