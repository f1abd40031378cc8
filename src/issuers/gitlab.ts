import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { LintRuleIds } from '../core/lint/rule-ids';
import { TrustRule } from '../core/trust-rule';
import { requireHost, requireIdentifier, requireName, requireNumericId } from './private/identifiers';
import { exactWhenLiteral } from './private/rules';

/** The gitlab.com issuer (FACTS.md, "Other issuers"). */
const GITLAB_COM = 'https://gitlab.com';

/**
 * Claims STS can check for gitlab.com, besides the generic ones (FACTS.md, "Provider-specific
 * condition keys"). Self-managed instances get the generic keys only.
 */
const AWS_GITLAB_CLAIMS = ['sub', 'amr', 'email', 'oaud', 'namespace_id', 'pipeline_source', 'project_id', 'ref_protected', 'runner_environment', 'user_access_level', 'user_email', 'user_id', 'user_login'];

/**
 * One segment of a group or project path: letters, digits, `_`, `-` and `.`, not starting with
 * `-` or `.`, not ending in `.git` or `.atom` (GitLab's path rules). No `:` and no `/`, so the
 * segments of `project_path` and of the subject can be told apart.
 */
const PATH_SEGMENT = /^(?!.*\.(?:git|atom)$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/** The immutable IDs of a GitLab project and its namespace (project overview page, or `GET /projects/:id`). */
export interface GitLabProjectIds {
  /** The project's numeric ID (`project_id`). */
  readonly projectId: string;
  /**
   * The numeric ID of the group or user namespace the project sits in directly (`namespace_id`;
   * for a project in a subgroup, the subgroup's ID).
   */
  readonly namespaceId: string;
}

/**
 * GitLab CI/CD as a token issuer: gitlab.com or a self-managed (or Dedicated) instance. Builds
 * rules from projects, branches, tags and environments of the default subject
 * `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`, with every user value literal.
 *
 * Jobs choose their audience with `id_tokens: { NAME: { aud: ... } }`; GitLab has no default
 * audience of its own, so policies admit the target cloud's default audience unless told otherwise.
 *
 * Merge request pipelines carry the source branch in `ref`; for merge requests from forks GitLab
 * puts the fork's project in `project_path`, `project_id` and the subject, so rules on a project
 * never admit a fork. Projects that customised their subject (`ci_id_token_sub_claim_components`)
 * need hand-written rules: the builders write the default subject.
 *
 * @example
 * const gitlab = GitLab.issuer();
 * const deploy = gitlab.trust({
 *   rules: [gitlab.project('acme/platform/app').pinned({ projectId: '4242', namespaceId: '77' }).protectedRefsOnly().onBranch('main')],
 *   maxSession: SessionLifetime.minutes(30),
 * });
 */
export class GitLab extends OidcIssuer {
  /** The gitlab.com issuer URL. */
  public static readonly GITLAB_COM_URL = GITLAB_COM;

  /** Tokens from gitlab.com (`https://gitlab.com`). */
  public static issuer(): GitLab {
    return new GitLab(GITLAB_COM, 'GitLab CI/CD', AWS_GITLAB_CLAIMS);
  }

  /**
   * Tokens from a self-managed or Dedicated instance: `https://HOST`. AWS checks only the generic
   * claims for these issuers, so rules pinned by `project_id` compile for Google Cloud only.
   */
  public static selfManaged(host: string): GitLab {
    requireHost(host, 'GitLab host');
    if (host.toLowerCase() === 'gitlab.com') {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The GitLab host ${show(host)} is gitlab.com, which is not self-managed.`, 'use GitLab.issuer() for gitlab.com.');
    }
    return new GitLab(`https://${host}`, `GitLab CI/CD (${host})`, undefined);
  }

  private constructor(url: string, displayName: string, awsCheckableClaims: string[] | undefined) {
    super(url, {
      displayName,
      sharedIssuer: true,
      subjectClaims: ['sub', 'project_path', 'project_id', 'namespace_path', 'namespace_id'],
      workloadClaims: ['sub', 'project_path', 'project_id'],
      immutableClaims: ['project_id', 'namespace_id'],
      namespaceBoundaries: [
        // sub = project_path:GROUP/...PROJECT:ref_type:...: the top-level group ends at the first
        // '/', the project at the second ':' (paths hold neither ':' nor, in git refs, do names).
        { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'top-level group', delimiter: '/' },
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'project', delimiter: ':', occurrences: 2 },
        { claim: 'project_path', scope: BoundaryScope.TENANT, namespace: 'top-level group', delimiter: '/' },
        { claim: 'project_path', scope: BoundaryScope.WORKLOAD, namespace: 'project' },
        { claim: 'namespace_path', scope: BoundaryScope.TENANT, namespace: 'top-level group', delimiter: '/' },
      ],
      awsCheckableClaims,
    });
  }

  /**
   * A project, given by its full path `GROUP/[SUBGROUP/...]PROJECT` exactly as GitLab shows it
   * (claims are case-sensitive). Choose the refs next (`onBranch`, `onEnvironment`, ...).
   */
  public project(path: string): GitLabProject {
    const segments = checkPath(path, 'project path', 'acme/app');
    if (segments.length < 2) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The GitLab project path ${show(path)} has no group: a project path is GROUP/PROJECT, with any subgroups in between.`, 'write the full path as shown on the project page, e.g. "acme/platform/app".');
    }
    return GitLabProject._of(this, { group: segments.slice(0, -1).join('/'), project: segments[segments.length - 1], protectedOnly: false });
  }

  /**
   * A group (or user namespace), given by its full path, for trust across all its projects: an
   * explicit opt-in, see {@link GitLabGroup.allProjects}.
   */
  public group(path: string): GitLabGroup {
    return GitLabGroup._of(this, checkPath(path, 'group path', 'acme/platform').join('/'));
  }
}

/** The projects a builder covers. */
interface ProjectScope {
  /** The full path of the group. */
  readonly group: string;
  /** Undefined: every project of the group and its subgroups. */
  readonly project?: string;
  readonly projectId?: string;
  readonly namespaceId?: string;
  readonly protectedOnly: boolean;
}

/** The refs a rule admits. */
interface RefContext {
  readonly kind: 'branch' | 'tag';
  readonly name: Glob;
}

/**
 * A GitLab project (or all projects of a group) whose CI/CD jobs may get in. Pick the refs with
 * one of the `on...` methods, which return the {@link TrustRule}.
 */
export class GitLabProject {
  /** @internal */
  public static _of(issuer: GitLab, scope: ProjectScope): GitLabProject {
    return new GitLabProject(issuer, scope);
  }

  private readonly issuer: GitLab;
  private readonly scope: ProjectScope;

  private constructor(issuer: GitLab, scope: ProjectScope) {
    this.issuer = issuer;
    this.scope = scope;
  }

  /**
   * Pin the project and its namespace by their immutable IDs, so a deleted-and-recreated (or
   * renamed-and-reused) path cannot inherit the trust. Adds `project_id` and `namespace_id`
   * conditions (on AWS these keys exist for gitlab.com only).
   */
  public pinned(ids: GitLabProjectIds): GitLabProject {
    if (this.scope.project === undefined) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `pinned() pins one project, but this builder covers all projects of ${show(this.scope.group)}.`, 'name the project instead: gitlab.project("acme/app").pinned({ projectId: "...", namespaceId: "..." }).');
    }
    return new GitLabProject(this.issuer, {
      ...this.scope,
      projectId: requireNumericId(ids.projectId, 'GitLab project ID'),
      namespaceId: requireNumericId(ids.namespaceId, 'GitLab namespace ID'),
    });
  }

  /**
   * Only jobs on protected branches and tags (`ref_protected` is `"true"`): only maintainers (or
   * whoever the protection allows) can push the code that gets the identity.
   */
  public protectedRefsOnly(): GitLabProject {
    return new GitLabProject(this.issuer, { ...this.scope, protectedOnly: true });
  }

  /** Jobs on one branch, named literally (`*` and `?` in the name are literal characters). */
  public onBranch(branch: string): TrustRule {
    checkRefName(branch, 'branch name', 'main');
    return this.rule([{ kind: 'branch', name: Glob.literal(branch) }], `branch ${branch}`);
  }

  /** Jobs on branches matching a glob (`*` any run, `?` one character), e.g. `release/*`. */
  public onBranchMatching(pattern: string): TrustRule {
    checkRefName(pattern, 'branch pattern', 'release/*');
    return this.rule([{ kind: 'branch', name: Glob.pattern(pattern) }], `branches matching ${pattern}`);
  }

  /** Jobs on one tag, named literally. */
  public onTag(tag: string): TrustRule {
    checkRefName(tag, 'tag name', 'v1.0.0');
    return this.rule([{ kind: 'tag', name: Glob.literal(tag) }], `tag ${tag}`);
  }

  /** Jobs on tags matching a glob, e.g. `v*`. */
  public onTagMatching(pattern: string): TrustRule {
    checkRefName(pattern, 'tag pattern', 'v*');
    return this.rule([{ kind: 'tag', name: Glob.pattern(pattern) }], `tags matching ${pattern}`);
  }

  /**
   * Jobs that deploy to an environment (`environment: NAME` in the job; the `environment` claim),
   * from any branch or tag. Protect the environment so its rules decide which jobs reach it, or
   * combine with {@link GitLabProject.protectedRefsOnly}. AWS cannot check `environment` for
   * GitLab: such rules compile for Google Cloud only.
   */
  public onEnvironment(environment: string): TrustRule {
    requireName(environment, 'environment name', 'production');
    return this.rule(anyRef(), `environment ${environment}`, [ClaimCondition.equalTo('environment', environment)]);
  }

  /** Jobs on any branch or tag (explicit opt-in). */
  public anyRef(): TrustRule {
    return this.rule(anyRef(), 'any branch or tag');
  }

  private rule(contexts: RefContext[], what: string, extra: ClaimCondition[] = []): TrustRule {
    const s = this.scope;
    const conditions = [ClaimCondition.likeGlob('sub', ...contexts.map((c) => subject(s, c)))];
    if (s.projectId) conditions.push(ClaimCondition.equalTo('project_id', s.projectId));
    if (s.namespaceId) conditions.push(ClaimCondition.equalTo('namespace_id', s.namespaceId));
    if (s.protectedOnly) conditions.push(ClaimCondition.equalTo('ref_protected', 'true'));
    conditions.push(...extra);
    const who = s.project === undefined ? `all projects of ${s.group}` : `${s.group}/${s.project}`;
    let rule = TrustRule.allOf(...conditions.map(exactWhenLiteral))
      .withDescription(`${who} on ${what}${s.protectedOnly ? ' (protected refs only)' : ''}`);
    if (s.project === undefined) {
      rule = rule.acknowledge(LintRuleIds.TENANT_WIDE, `all projects of ${s.group} admitted explicitly with group().allProjects()`);
    }
    return rule;
  }
}

/**
 * A GitLab group or user namespace. Trust across all its projects is an explicit opt-in:
 * {@link GitLabGroup.allProjects}.
 */
export class GitLabGroup {
  /** @internal */
  public static _of(issuer: GitLab, path: string): GitLabGroup {
    return new GitLabGroup(issuer, path);
  }

  private readonly issuer: GitLab;
  private readonly path: string;

  private constructor(issuer: GitLab, path: string) {
    this.issuer = issuer;
    this.path = path;
  }

  /**
   * Every project of the group and of its subgroups, including projects created later
   * (acknowledges WT107). Narrow it with `protectedRefsOnly()` and the `on...` methods.
   */
  public allProjects(): GitLabProject {
    return GitLabProject._of(this.issuer, { group: this.path, protectedOnly: false });
  }
}

/** Both kinds of ref, any name. */
function anyRef(): RefContext[] {
  return [{ kind: 'branch', name: Glob.anyRun() }, { kind: 'tag', name: Glob.anyRun() }];
}

/**
 * The default subject of the jobs a context admits. With every project of a group, the `*` stands
 * for the rest of the project path: it cannot reach into `:ref_type:`, as GitLab paths and git
 * ref names hold no `:`.
 */
function subject(s: ProjectScope, context: RefContext): Glob {
  return Glob.concat(
    Glob.literal(`project_path:${s.group}/`),
    s.project === undefined ? Glob.anyRun() : Glob.literal(s.project),
    Glob.literal(`:ref_type:${context.kind}:ref:`),
    context.name,
  );
}

function checkPath(path: unknown, what: string, example: string): string[] {
  const segments = typeof path === 'string' ? path.split('/') : [];
  if (segments.length === 0 || !segments.every((s) => PATH_SEGMENT.test(s))) {
    throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The GitLab ${what} ${show(path)} is not valid: each segment between slashes is letters, digits, "_", "-" or ".", does not start with "-" or "." and does not end in ".git" or ".atom".`, `give the full path exactly as GitLab shows it, e.g. ${show(example)}.`);
  }
  return segments;
}

/** GitLab's `ref` claim holds the bare branch or tag name: `refs/heads/main` would never match. */
function checkRefName(name: string, what: string, example: string): void {
  requireName(name, what, example);
  requireIdentifier(name, /^(?!refs\/)/, `GitLab ${what}`, 'GitLab puts the bare name in its claims, without "refs/heads/" or "refs/tags/"', example);
}
