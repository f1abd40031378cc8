import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { Glob } from '../core/glob';
import { BoundaryScope, NamespaceBoundary, OidcIssuer } from '../core/issuer';
import { LintRuleIds } from '../core/lint/rule-ids';
import { TrustRule } from '../core/trust-rule';
import { encodeSubjectValue, requireHost, requireIdentifier, requireName, requireNumericId } from './private/identifiers';
import { exactWhenLiteral } from './private/rules';

/** The github.com issuer (FACTS.md, "GitHub Actions OIDC"). */
const GITHUB_COM = 'https://token.actions.githubusercontent.com';

/**
 * Claims STS can check for GitHub issuers, besides the generic ones (FACTS.md, "Provider-specific
 * condition keys"). GitHub Enterprise Server issuers get the generic keys only.
 */
const AWS_GITHUB_CLAIMS = ['sub', 'amr', 'email', 'oaud', 'actor', 'actor_id', 'enterprise_id', 'environment', 'job_workflow_ref', 'ref', 'repository', 'repository_id', 'repository_owner_id', 'workflow'];

/** The default subject template: `repo:OWNER/REPO:<context>`. */
const DEFAULT_TEMPLATE = ['repo', 'context'];

/** Owners: letters, digits and single inner hyphens, at most 39 characters (GitHub account names). */
const OWNER = /^(?=.{1,39}$)[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
/** Repository names: letters, digits, `.`, `_`, `-`, at most 100 characters, not `.` or `..`. */
const REPOSITORY = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

/**
 * Which form of `sub` a repository's tokens carry. Repositories created after 2026-07-15, and
 * repositories that opted in, renamed or transferred, use the immutable form
 * `repo:OWNER@OWNER_ID/REPO@REPO_ID:...` (FACTS.md, "Immutable subject claims").
 */
export enum GitHubSubjectFormat {
  /** `repo:OWNER/REPO:...`: repositories created before 2026-07-15 that did not opt in. */
  NAMES = 'names',
  /** `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`: needs the pinned IDs. */
  IMMUTABLE_IDS = 'immutable-ids',
  /** Either form: safe while a repository moves between them, since the IDs are checked too. */
  EITHER = 'either',
}

/** How a GitHub issuer is set up. */
export interface GitHubActionsOptions {
  /**
   * The claim keys of a customised subject (`include_claim_keys` set through the REST API at
   * organisation or repository level), in order. `repo` stands for `repo:OWNER/REPO` and
   * `context` for `ref:...`, `environment:NAME` or `pull_request`; every other key is written as
   * `KEY:VALUE`. Rules built by this issuer then match the `sub` the organisation really emits.
   *
   * @default ['repo', 'context'] (GitHub's default subject)
   * @see https://docs.github.com/en/actions/reference/security/oidc
   */
  readonly subjectClaimKeys?: string[];
}

/** The immutable IDs of a repository and its owner (Settings, or `GET /repos/OWNER/REPO`). */
export interface GitHubRepositoryIds {
  /** The repository's numeric ID (`repository_id`). */
  readonly repositoryId: string;
  /** The owner's numeric ID (`repository_owner_id`). */
  readonly ownerId: string;
  /**
   * Which `sub` form the repository's tokens carry.
   * @default GitHubSubjectFormat.EITHER
   */
  readonly subjectFormat?: GitHubSubjectFormat;
}

/** The immutable ID of an organisation or user. */
export interface GitHubOwnerIds {
  /** The owner's numeric ID (`repository_owner_id`). */
  readonly ownerId: string;
  /**
   * Which `sub` form the repositories' tokens carry.
   * @default GitHubSubjectFormat.EITHER
   */
  readonly subjectFormat?: GitHubSubjectFormat;
}

/**
 * GitHub Actions as a token issuer: github.com, a GitHub Enterprise Cloud issuer with an
 * enterprise slug, GHE.com data residency, or GitHub Enterprise Server. Builds rules from
 * repositories, branches, tags, environments and reusable workflows, with every user value literal.
 *
 * @example
 * const github = GitHubActions.issuer();
 * const deploy = github.trust({
 *   rules: [github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' }).onEnvironment('prod')],
 *   maxSession: SessionLifetime.minutes(30),
 * });
 */
export class GitHubActions extends OidcIssuer {
  /** The github.com issuer URL. */
  public static readonly GITHUB_COM_URL = GITHUB_COM;

  /** Tokens from github.com (`https://token.actions.githubusercontent.com`). */
  public static issuer(options: GitHubActionsOptions = {}): GitHubActions {
    return new GitHubActions(GITHUB_COM, 'GitHub Actions', AWS_GITHUB_CLAIMS, options);
  }

  /**
   * Tokens from a GitHub Enterprise Cloud enterprise that turned on `include_enterprise_slug`:
   * `https://token.actions.githubusercontent.com/<slug>`.
   */
  public static enterprise(enterpriseSlug: string, options: GitHubActionsOptions = {}): GitHubActions {
    requireIdentifier(enterpriseSlug, /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'GitHub enterprise slug', 'letters, digits and inner hyphens', 'acme-corp');
    return new GitHubActions(`${GITHUB_COM}/${enterpriseSlug}`, `GitHub Actions (enterprise ${enterpriseSlug})`, AWS_GITHUB_CLAIMS, options);
  }

  /** Tokens from GHE.com with data residency: `https://token.actions.<subdomain>.ghe.com`. */
  public static dataResidency(subdomain: string, options: GitHubActionsOptions = {}): GitHubActions {
    requireIdentifier(subdomain, /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'GHE.com subdomain', 'one lowercase DNS label', 'acme');
    return new GitHubActions(`https://token.actions.${subdomain}.ghe.com`, `GitHub Actions (${subdomain}.ghe.com)`, AWS_GITHUB_CLAIMS, options);
  }

  /**
   * Tokens from GitHub Enterprise Server: `https://HOST/_services/token`. GHES has no immutable
   * subject form, and AWS checks only the generic claims for it.
   */
  public static server(host: string, options: GitHubActionsOptions = {}): GitHubActions {
    requireHost(host, 'GitHub Enterprise Server host');
    return new GitHubActions(`https://${host}/_services/token`, `GitHub Enterprise Server (${host})`, undefined, options);
  }

  /** The `sub` claim keys, in order. */
  public readonly subjectClaimKeys: string[];

  private constructor(url: string, displayName: string, awsCheckableClaims: string[] | undefined, options: GitHubActionsOptions) {
    const keys = checkTemplate(options.subjectClaimKeys ?? DEFAULT_TEMPLATE);
    const hasContext = keys.includes('context');
    super(url, {
      displayName,
      sharedIssuer: true,
      subjectClaims: ['sub', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id'],
      workloadClaims: ['sub', 'repository', 'repository_id'],
      immutableClaims: ['repository_id', 'repository_owner_id'],
      namespaceBoundaries: boundaries(keys),
      pullRequestIndicators: [
        // A pull request's subject: every other key with some value, values never holding a raw ':'.
        ...(hasContext ? [{ claim: 'sub', pattern: keys.map((k) => (k === 'context' ? 'pull_request' : `${k}:*`)).join(':'), wildcardExcludes: ':' }] : []),
        { claim: 'ref', pattern: 'refs/pull/*' },
        { claim: 'event_name', pattern: 'pull_request' },
      ],
      awsCheckableClaims,
    });
    this.subjectClaimKeys = keys;
  }

  /** A repository, given as `OWNER/REPO`. Choose the refs next (`onBranch`, `onEnvironment`, ...). */
  public repository(fullName: string): GitHubRepository {
    const parts = typeof fullName === 'string' ? fullName.split('/') : [];
    if (parts.length !== 2) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The GitHub repository ${show(fullName)} is not of the form OWNER/REPO.`, 'write the owner and the repository name separated by one slash, e.g. "acme/app".');
    }
    return GitHubRepository._of(this, { owner: checkOwner(parts[0]), repository: checkRepository(parts[1]), format: GitHubSubjectFormat.NAMES });
  }

  /** An organisation or user, for trust across all its repositories (an explicit opt-in). */
  public organization(owner: string): GitHubOrganization {
    return GitHubOrganization._of(this, checkOwner(owner), undefined);
  }

  /** @internal */
  public _subject(scope: RepositoryScope, contexts: RefContext[]): Glob[] {
    const forms = scope.format === GitHubSubjectFormat.EITHER ? [GitHubSubjectFormat.NAMES, GitHubSubjectFormat.IMMUTABLE_IDS] : [scope.format];
    return forms.flatMap((form) => contexts.map((context) => Glob.concat(...this.subjectClaimKeys.flatMap((key, i) => [
      ...(i > 0 ? [Glob.literal(':')] : []),
      subjectPart(key, form, scope, context),
    ]))));
  }
}

/** The repositories a builder covers. */
interface RepositoryScope {
  readonly owner: string;
  /** Undefined: every repository of the owner. */
  readonly repository?: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;
  readonly format: GitHubSubjectFormat;
  readonly workflowRef?: string;
}

/** The part of a run a rule admits: the `context` of the default subject. */
type RefContext =
  | { readonly kind: 'branch' | 'tag'; readonly name: Glob }
  | { readonly kind: 'environment'; readonly name: string }
  | { readonly kind: 'pull_request' };

/**
 * A GitHub repository (or all repositories of an owner) whose workflow runs may get in. Pick the
 * runs with one of the `on...` methods, which return the {@link TrustRule}.
 */
export class GitHubRepository {
  /** @internal */
  public static _of(issuer: GitHubActions, scope: RepositoryScope): GitHubRepository {
    return new GitHubRepository(issuer, scope);
  }

  private readonly issuer: GitHubActions;
  private readonly scope: RepositoryScope;

  private constructor(issuer: GitHubActions, scope: RepositoryScope) {
    this.issuer = issuer;
    this.scope = scope;
  }

  /**
   * Pin the repository and its owner by their immutable IDs, so a deleted-and-recreated (or
   * renamed-and-reused) repository name cannot inherit the trust. Adds `repository_id` and
   * `repository_owner_id` conditions and admits the immutable `sub` form.
   */
  public pinned(ids: GitHubRepositoryIds): GitHubRepository {
    if (this.scope.repository === undefined) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `pinned() pins one repository, but this builder covers all repositories of ${show(this.scope.owner)}.`, 'pin the owner instead: github.organization("acme").pinned({ ownerId: "..." }).allRepositories().');
    }
    return new GitHubRepository(this.issuer, {
      ...this.scope,
      repositoryId: requireNumericId(ids.repositoryId, 'GitHub repository ID'),
      ownerId: requireNumericId(ids.ownerId, 'GitHub owner ID'),
      format: ids.subjectFormat ?? GitHubSubjectFormat.EITHER,
    });
  }

  /**
   * Only runs of this reusable workflow, e.g. `acme/workflows/.github/workflows/deploy.yml@refs/heads/main`
   * (the `job_workflow_ref` claim), so the caller cannot run arbitrary steps with the identity.
   */
  public usingReusableWorkflow(jobWorkflowRef: string): GitHubRepository {
    requireIdentifier(jobWorkflowRef, /^[^/\s]+\/[^/\s]+\/\.github\/workflows\/[^@\s]+@\S+$/, 'reusable workflow reference', 'it must be OWNER/REPO/.github/workflows/FILE@REF', 'acme/workflows/.github/workflows/deploy.yml@refs/heads/main');
    return new GitHubRepository(this.issuer, { ...this.scope, workflowRef: jobWorkflowRef });
  }

  /** Runs on one branch, named literally (`*` and `?` in the name are literal characters). */
  public onBranch(branch: string): TrustRule {
    requireName(branch, 'branch name', 'main');
    return this.rule({ kind: 'branch', name: Glob.literal(branch) }, `branch ${branch}`);
  }

  /** Runs on branches matching a glob (`*` any run, `?` one character), e.g. `release/*`. */
  public onBranchMatching(pattern: string): TrustRule {
    requireName(pattern, 'branch pattern', 'release/*');
    return this.rule({ kind: 'branch', name: Glob.pattern(pattern) }, `branches matching ${pattern}`);
  }

  /** Runs on one tag, named literally. */
  public onTag(tag: string): TrustRule {
    requireName(tag, 'tag name', 'v1.0.0');
    return this.rule({ kind: 'tag', name: Glob.literal(tag) }, `tag ${tag}`);
  }

  /** Runs on tags matching a glob, e.g. `v*`. */
  public onTagMatching(pattern: string): TrustRule {
    requireName(pattern, 'tag pattern', 'v*');
    return this.rule({ kind: 'tag', name: Glob.pattern(pattern) }, `tags matching ${pattern}`);
  }

  /**
   * Jobs that reference a deployment environment. GitHub puts the environment in `sub` in place
   * of the ref, so protect the environment (required reviewers, deployment branches): its rules
   * decide which runs reach it.
   */
  public onEnvironment(environment: string): TrustRule {
    requireName(environment, 'environment name', 'prod');
    return this.rule({ kind: 'environment', name: environment }, `environment ${environment}`);
  }

  /**
   * Pull-request runs (explicit opt-in, acknowledges WT104): code proposed in a pull request gets
   * the identity before review. Use for read-only roles such as a plan.
   */
  public onPullRequest(): TrustRule {
    return this.rule({ kind: 'pull_request' }, 'pull requests')
      .acknowledge(LintRuleIds.PULL_REQUEST_REACHABLE, 'pull requests admitted explicitly with onPullRequest()');
  }

  /**
   * Runs on any branch or tag (explicit opt-in); not pull requests and not jobs that reference an
   * environment.
   */
  public anyRef(): TrustRule {
    return this.rule([{ kind: 'branch', name: Glob.anyRun() }, { kind: 'tag', name: Glob.anyRun() }], 'any branch or tag');
  }

  private rule(contextOrContexts: RefContext | RefContext[], what: string): TrustRule {
    const contexts = Array.isArray(contextOrContexts) ? contextOrContexts : [contextOrContexts];
    const s = this.scope;
    const keys = this.issuer.subjectClaimKeys;
    const conditions = [ClaimCondition.likeGlob('sub', ...this.issuer._subject(s, contexts))];
    if (s.repositoryId) conditions.push(ClaimCondition.equalTo('repository_id', s.repositoryId));
    if (s.ownerId) conditions.push(ClaimCondition.equalTo('repository_owner_id', s.ownerId));
    // Without `repo` in the subject, name the repository unless its immutable ID already pins it.
    if (!keys.includes('repo') && !(s.repository === undefined ? s.ownerId : s.repositoryId)) {
      conditions.push(s.repository === undefined
        ? ClaimCondition.likeGlob('repository', Glob.concat(Glob.literal(`${s.owner}/`), Glob.anyRun()))
        : ClaimCondition.equalTo('repository', `${s.owner}/${s.repository}`));
    }
    if (!keys.includes('context')) conditions.push(contextCondition(contexts));
    if (s.workflowRef && !keys.includes('job_workflow_ref')) conditions.push(ClaimCondition.equalTo('job_workflow_ref', s.workflowRef));
    const who = s.repository === undefined ? `all repositories of ${s.owner}` : `${s.owner}/${s.repository}`;
    let rule = TrustRule.allOf(...conditions.map(exactWhenLiteral)).withDescription(`${who} on ${what}${s.workflowRef ? ` via ${s.workflowRef}` : ''}`);
    if (s.repository === undefined) {
      rule = rule.acknowledge(LintRuleIds.TENANT_WIDE, `all repositories of ${s.owner} admitted explicitly with organization().allRepositories()`);
    }
    return rule;
  }
}

/**
 * A GitHub organisation or user. Trust across all its repositories is an explicit opt-in:
 * {@link GitHubOrganization.allRepositories}.
 */
export class GitHubOrganization {
  /** @internal */
  public static _of(issuer: GitHubActions, owner: string, ids: GitHubOwnerIds | undefined): GitHubOrganization {
    return new GitHubOrganization(issuer, owner, ids);
  }

  private readonly issuer: GitHubActions;
  private readonly owner: string;
  private readonly ids?: GitHubOwnerIds;

  private constructor(issuer: GitHubActions, owner: string, ids: GitHubOwnerIds | undefined) {
    this.issuer = issuer;
    this.owner = owner;
    this.ids = ids;
  }

  /** Pin the owner by its immutable ID, so a re-registered owner name cannot inherit the trust. */
  public pinned(ids: GitHubOwnerIds): GitHubOrganization {
    requireNumericId(ids.ownerId, 'GitHub owner ID');
    return new GitHubOrganization(this.issuer, this.owner, ids);
  }

  /**
   * Every repository of the owner, including repositories created later (acknowledges WT107).
   * Narrow it with the `on...` methods, and prefer a reusable workflow so only reviewed steps run.
   */
  public allRepositories(): GitHubRepository {
    return GitHubRepository._of(this.issuer, {
      owner: this.owner,
      ownerId: this.ids?.ownerId,
      format: this.ids ? this.ids.subjectFormat ?? GitHubSubjectFormat.EITHER : GitHubSubjectFormat.NAMES,
    });
  }
}

function checkOwner(owner: unknown): string {
  return requireIdentifier(owner, OWNER, 'GitHub owner', 'an owner is 1 to 39 letters, digits or single inner hyphens', 'acme');
}

function checkRepository(repository: unknown): string {
  return requireIdentifier(repository, REPOSITORY, 'GitHub repository name', 'a repository name is 1 to 100 letters, digits, ".", "_" or "-", and not "." or ".."', 'app');
}

function checkTemplate(keys: string[]): string[] {
  if (keys.length === 0 || new Set(keys).size !== keys.length || keys.some((k) => !/^[a-z_]+$/.test(k))) {
    throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The GitHub subject claim keys ${show(keys)} are not a valid include_claim_keys list: it must be non-empty, without duplicates, of claim names such as "repo", "context", "repository_owner_id".`, 'copy include_claim_keys from GET /repos/OWNER/REPO/actions/oidc/customization/sub.');
  }
  return [...keys];
}

/** Where owners and repositories end in `sub`: known only when the subject starts with `repo`. */
function boundaries(keys: string[]): NamespaceBoundary[] {
  const claimBoundaries: NamespaceBoundary[] = [
    { claim: 'repository', scope: BoundaryScope.TENANT, namespace: 'repository owner', delimiter: '/' },
    { claim: 'repository', scope: BoundaryScope.WORKLOAD, namespace: 'repository' },
    { claim: 'repository_owner', scope: BoundaryScope.TENANT, namespace: 'repository owner' },
    { claim: 'job_workflow_ref', scope: BoundaryScope.TENANT, namespace: 'workflow owner', delimiter: '/' },
  ];
  if (keys[0] !== 'repo') return claimBoundaries;
  return [
    { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'repository owner', delimiter: '/' },
    { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'repository', delimiter: ':', occurrences: 2 },
    ...claimBoundaries,
  ];
}

function subjectPart(key: string, form: GitHubSubjectFormat, s: RepositoryScope, context: RefContext): Glob {
  const lit = (text: string) => encodeSubjectValue(Glob.literal(text));
  const withId = (name: string, id: string | undefined) => (form === GitHubSubjectFormat.IMMUTABLE_IDS ? `${name}@${id}` : name);
  switch (key) {
    case 'repo':
      return Glob.concat(Glob.literal('repo:'), lit(withId(s.owner, s.ownerId)), Glob.literal('/'),
        s.repository === undefined ? Glob.anyRun() : lit(withId(s.repository, s.repositoryId)));
    case 'context':
      switch (context.kind) {
        case 'branch': return Glob.concat(Glob.literal('ref:refs/heads/'), encodeSubjectValue(context.name));
        case 'tag': return Glob.concat(Glob.literal('ref:refs/tags/'), encodeSubjectValue(context.name));
        case 'environment': return Glob.concat(Glob.literal('environment:'), lit(context.name));
        default: return Glob.literal('pull_request');
      }
    default: {
      const value = knownClaim(key, s, context);
      return Glob.concat(Glob.literal(`${key}:`), value === undefined ? Glob.anyRun() : encodeSubjectValue(value));
    }
  }
}

/** The value a run admitted by the builder has for a claim, when the builder fixes it. */
function knownClaim(claim: string, s: RepositoryScope, context: RefContext): Glob | undefined {
  const fixed = (v: string | undefined) => (v === undefined ? undefined : Glob.literal(v));
  switch (claim) {
    case 'repository_owner': return Glob.literal(s.owner);
    case 'repository': return s.repository === undefined ? Glob.concat(Glob.literal(`${s.owner}/`), Glob.anyRun()) : Glob.literal(`${s.owner}/${s.repository}`);
    case 'repository_owner_id': return fixed(s.ownerId);
    case 'repository_id': return fixed(s.repositoryId);
    case 'job_workflow_ref': return fixed(s.workflowRef);
    case 'environment': return context.kind === 'environment' ? Glob.literal(context.name) : undefined;
    case 'ref': return refOf(context);
    case 'ref_type': return context.kind === 'branch' || context.kind === 'tag' ? Glob.literal(context.kind) : undefined;
    case 'event_name': return context.kind === 'pull_request' ? Glob.literal('pull_request') : undefined;
    default: return undefined;
  }
}

/** The claim condition for the run context when the subject does not carry it. */
function contextCondition(contexts: RefContext[]): ClaimCondition {
  if (contexts[0].kind === 'environment') return ClaimCondition.equalTo('environment', contexts[0].name);
  return ClaimCondition.likeGlob('ref', ...contexts.map((c) => refOf(c) ?? Glob.pattern('refs/pull/*')));
}

/** The `ref` claim of runs in the context (undefined for environments and pull requests). */
function refOf(context: RefContext): Glob | undefined {
  if (context.kind === 'branch') return Glob.concat(Glob.literal('refs/heads/'), context.name);
  if (context.kind === 'tag') return Glob.concat(Glob.literal('refs/tags/'), context.name);
  return undefined;
}
