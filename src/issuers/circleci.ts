import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { TrustRule } from '../core/trust-rule';
import { requireIdentifier, requireName } from './private/identifiers';
import { anyChars, exactWhenLiteral, fixesPrefix, requireUuid } from './private/rules';

/** The claim holding the project ID (FACTS.md, "Other issuers"; CircleCI's OIDC token docs). */
const PROJECT_ID_CLAIM = 'oidc.circleci.com/project-id';

/** Claims STS can check for CircleCI, besides the generic ones (FACTS.md, "Provider-specific condition keys"). */
const AWS_CIRCLECI_CLAIMS = ['sub', 'amr', 'email', 'oaud', PROJECT_ID_CLAIM];

/** The length of a UUID, the user part of `sub`. */
const UUID_LENGTH = 36;

/**
 * A repository URL as CircleCI writes it in `oidc.circleci.com/vcs-origin`: host and path without
 * scheme, e.g. `github.com/acme/app`.
 */
const VCS_ORIGIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:\/[A-Za-z0-9_.-]+)+$/;

/**
 * CircleCI as a token issuer: one issuer per CircleCI organization,
 * `https://oidc.circleci.com/org/ORG_ID`, whose tokens carry the organization ID as their audience.
 * Builds rules from project IDs, user IDs and (with `$CIRCLE_OIDC_TOKEN_V2`) the repository and
 * ref that triggered the pipeline.
 *
 * Subjects: `org/ORG/project/PROJECT/user/USER` in `$CIRCLE_OIDC_TOKEN`, and
 * `org/ORG/project/PROJECT/user/USER/vcs-origin/ORIGIN/vcs-ref/REF` in `$CIRCLE_OIDC_TOKEN_V2`.
 * Every part but the origin and the ref is a UUID, so names never come into play.
 *
 * Forked pull requests get tokens only when the project passes secrets to forked builds; then
 * use the repository-aware rules (`fromRepository(...)`), as CircleCI's documentation advises.
 *
 * @example
 * const circleci = CircleCI.issuer('a74579f1-2e7d-451e-b009-5c082ad2729e');
 * const deploy = circleci.trust({
 *   rules: [circleci.project('cb32986e-2f6f-4f43-b2bd-d3c2fd98e903').fromRepository('github.com/acme/app').onBranch('main')],
 * });
 */
export class CircleCI extends OidcIssuer {
  /** Tokens of one CircleCI organization: `https://oidc.circleci.com/org/ORG_ID`. */
  public static issuer(organizationId: string): CircleCI {
    return new CircleCI(requireUuid(organizationId, 'CircleCI organization ID'));
  }

  /** The organization ID, also the tokens' default audience. */
  public readonly organizationId: string;

  private constructor(organizationId: string) {
    super(`https://oidc.circleci.com/org/${organizationId}`, {
      displayName: `CircleCI (organization ${organizationId})`,
      // The issuer belongs to one organization.
      sharedIssuer: false,
      subjectClaims: ['sub', PROJECT_ID_CLAIM],
      workloadClaims: ['sub', PROJECT_ID_CLAIM],
      immutableClaims: ['sub', PROJECT_ID_CLAIM],
      namespaceBoundaries: [
        // sub = org/ORG/project/PROJECT/...: the project ends at the fourth '/'.
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'project', delimiter: '/', occurrences: 4 },
        { claim: PROJECT_ID_CLAIM, scope: BoundaryScope.WORKLOAD, namespace: 'project' },
      ],
      awsCheckableClaims: AWS_CIRCLECI_CLAIMS,
    });
    this.organizationId = organizationId;
  }

  /**
   * Whether the condition pins an immutable identity. Every part of CircleCI's `sub` up to the
   * user is a UUID, so a `sub` pattern that fixes the project (up to the fourth `/`) pins it as
   * surely as an exact value.
   */
  public pinsImmutableIdentity(condition: ClaimCondition): boolean {
    if (condition.claim === 'sub') return condition.globs.every((g) => fixesPrefix(g, '/', 4));
    return super.pinsImmutableIdentity(condition);
  }

  /** A project, by its ID (Project Settings > Overview). Choose the jobs next (`anyJob`, `onBranch`, ...). */
  public project(projectId: string): CircleCIProject {
    return CircleCIProject._of(this, { projectId: requireUuid(projectId, 'CircleCI project ID') });
  }

  /** The tokens' default audience: the organization ID. */
  protected defaultAudiences(): string[] {
    return [this.organizationId];
  }
}

/** The jobs a builder covers. */
interface ProjectScope {
  readonly projectId: string;
  /** Undefined: any repository (and the rule also admits `$CIRCLE_OIDC_TOKEN`). */
  readonly vcsOrigin?: string;
}

/**
 * A CircleCI project whose jobs may get in. Pick the jobs with `anyJob()`, `byUser()`,
 * `onBranch()` or `onTag()`, which return the {@link TrustRule}; every rule also checks
 * `oidc.circleci.com/project-id`.
 */
export class CircleCIProject {
  /** @internal */
  public static _of(issuer: CircleCI, scope: ProjectScope): CircleCIProject {
    return new CircleCIProject(issuer, scope);
  }

  private readonly issuer: CircleCI;
  private readonly scope: ProjectScope;

  private constructor(issuer: CircleCI, scope: ProjectScope) {
    this.issuer = issuer;
    this.scope = scope;
  }

  /**
   * Only pipelines triggered from this repository, e.g. `github.com/acme/app` (the
   * `oidc.circleci.com/vcs-origin` claim), which keeps forked pull requests out. Rules then match
   * the subject of `$CIRCLE_OIDC_TOKEN_V2` only: jobs must use that token.
   */
  public fromRepository(vcsOrigin: string): CircleCIProject {
    if (typeof vcsOrigin === 'string' && /^[a-z]+:\/\//i.test(vcsOrigin)) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The CircleCI VCS origin ${show(vcsOrigin)} has a scheme; CircleCI writes the origin without one.`, `drop the scheme, e.g. ${show(vcsOrigin.replace(/^[a-z]+:\/\//i, ''))}.`);
    }
    requireIdentifier(vcsOrigin, VCS_ORIGIN, 'CircleCI VCS origin', 'it must be the repository URL without scheme, as in the oidc.circleci.com/vcs-origin claim', 'github.com/acme/app');
    return new CircleCIProject(this.issuer, { ...this.scope, vcsOrigin });
  }

  /** Every job of the project (of the repository, with `fromRepository`), whoever triggered it. */
  public anyJob(): TrustRule {
    return this.rule(this.scope.vcsOrigin === undefined
      ? [Glob.concat(this.userPrefix(), Glob.anyRun())]
      : [this.v2(anyChars(UUID_LENGTH), Glob.anyRun())], 'any job');
  }

  /**
   * Jobs triggered by one CircleCI user, by user ID. Admits both token versions unless the
   * repository is fixed, which needs `$CIRCLE_OIDC_TOKEN_V2`.
   */
  public byUser(userId: string): TrustRule {
    const user = requireUuid(userId, 'CircleCI user ID');
    const v1 = Glob.concat(this.userPrefix(), Glob.literal(user));
    return this.rule(this.scope.vcsOrigin === undefined
      ? [v1, Glob.concat(v1, Glob.literal('/vcs-origin/'), Glob.anyRun())]
      : [this.v2(Glob.literal(user), Glob.anyRun())], `jobs triggered by user ${user}`);
  }

  /**
   * Pipelines of one branch (`vcs-ref` is `refs/heads/BRANCH`), named literally. Needs the
   * repository (`fromRepository`) and `$CIRCLE_OIDC_TOKEN_V2`. The user part is matched as
   * exactly one UUID, so a branch name that contains `/vcs-ref/refs/heads/main` cannot pass for
   * `main`.
   */
  public onBranch(branch: string): TrustRule {
    requireName(branch, 'branch name', 'main');
    return this.rule([this.v2(anyChars(UUID_LENGTH), Glob.literal(`refs/heads/${branch}`), 'onBranch')], `branch ${branch}`);
  }

  /** Pipelines of one tag (`vcs-ref` is `refs/tags/TAG`), named literally. Needs the repository and `$CIRCLE_OIDC_TOKEN_V2`. */
  public onTag(tag: string): TrustRule {
    requireName(tag, 'tag name', 'v1.0.0');
    return this.rule([this.v2(anyChars(UUID_LENGTH), Glob.literal(`refs/tags/${tag}`), 'onTag')], `tag ${tag}`);
  }

  /** `org/ORG/project/PROJECT/user/`. */
  private userPrefix(): Glob {
    return Glob.literal(`org/${this.issuer.organizationId}/project/${this.scope.projectId}/user/`);
  }

  /** The `$CIRCLE_OIDC_TOKEN_V2` subject: `.../user/USER/vcs-origin/ORIGIN/vcs-ref/REF`. */
  private v2(user: Glob, ref: Glob, method?: string): Glob {
    if (this.scope.vcsOrigin === undefined) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `${method}() matches the repository and ref of $CIRCLE_OIDC_TOKEN_V2, but no repository was given for project ${show(this.scope.projectId)}.`, `name the repository first: circleci.project("...").fromRepository("github.com/acme/app").${method}(...).`);
    }
    return Glob.concat(this.userPrefix(), user, Glob.literal(`/vcs-origin/${this.scope.vcsOrigin}/vcs-ref/`), ref);
  }

  private rule(subjects: Glob[], what: string): TrustRule {
    const s = this.scope;
    return TrustRule.allOf(
      exactWhenLiteral(ClaimCondition.likeGlob('sub', ...subjects)),
      ClaimCondition.equalTo(PROJECT_ID_CLAIM, s.projectId),
    ).withDescription(`project ${s.projectId}${s.vcsOrigin ? ` (${s.vcsOrigin})` : ''}: ${what}`);
  }
}
