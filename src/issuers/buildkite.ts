import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { LintRuleIds } from '../core/lint/rule-ids';
import { TrustRule } from '../core/trust-rule';
import { requireIdentifier, requireName } from './private/identifiers';
import { exactWhenLiteral, requireUuid } from './private/rules';

/** The Buildkite agent issuer, shared by every organization (FACTS.md, "Other issuers"). */
const BUILDKITE = 'https://agent.buildkite.com';

/** Claims STS can check for Buildkite, besides the generic ones (FACTS.md, "Provider-specific condition keys"). */
const AWS_BUILDKITE_CLAIMS = ['sub', 'amr', 'email', 'oaud', 'build_branch', 'cluster_id', 'cluster_name', 'organization_id', 'organization_slug', 'pipeline_id', 'pipeline_slug'];

/** Organization and pipeline slugs: lowercase letters, digits and inner hyphens. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** A pipeline of a Buildkite organization, by slug. */
export interface BuildkitePipelineProps {
  /** The organization slug, e.g. `acme-inc` (`organization_slug`). */
  readonly organization: string;
  /** The pipeline slug, e.g. `super-duper-app` (`pipeline_slug`). */
  readonly pipeline: string;
}

/** The immutable IDs of a pipeline and its organization. */
export interface BuildkitePipelineIds {
  /** The organization UUID (`organization_id`, `BUILDKITE_ORGANIZATION_ID`). */
  readonly organizationId: string;
  /** The pipeline UUID (`pipeline_id`, `BUILDKITE_PIPELINE_ID`). */
  readonly pipelineId: string;
}

/** The immutable ID of an organization. */
export interface BuildkiteOrganizationIds {
  /** The organization UUID (`organization_id`, `BUILDKITE_ORGANIZATION_ID`). */
  readonly organizationId: string;
}

/**
 * Buildkite agents as a token issuer: `https://agent.buildkite.com`, shared by every Buildkite
 * organization, so every rule fixes the organization. Builds rules from pipelines and branches of
 * the subject `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY` plus the
 * `build_branch` claim, with every user value literal.
 *
 * Jobs request tokens with `buildkite-agent oidc request-token --audience sts.amazonaws.com`;
 * the `organization_id` and `pipeline_id` claims that pinned rules check are optional: add
 * `--claims organization_id,pipeline_id`, or pinned rules deny the token.
 *
 * Whoever can create builds of a pipeline chooses the branch name and the commit of the build:
 * branch rules trust the people who can start builds as much as the branch itself.
 *
 * @example
 * const buildkite = Buildkite.issuer();
 * const deploy = buildkite.trust({
 *   rules: [buildkite.pipeline({ organization: 'acme-inc', pipeline: 'deploy' })
 *     .pinned({ organizationId: '0184990a-477b-4fa8-9968-496074483c77', pipelineId: '0184990a-4782-42b5-afc1-16715b10b1a0' })
 *     .onBranch('main')],
 * });
 */
export class Buildkite extends OidcIssuer {
  /** The Buildkite agent issuer URL. */
  public static readonly BUILDKITE_URL = BUILDKITE;

  /** Tokens from Buildkite agents (`https://agent.buildkite.com`). */
  public static issuer(): Buildkite {
    return new Buildkite();
  }

  private constructor() {
    super(BUILDKITE, {
      displayName: 'Buildkite',
      sharedIssuer: true,
      // Pipeline slugs are unique only inside an organization: they identify nothing alone.
      subjectClaims: ['sub', 'organization_slug', 'organization_id', 'pipeline_id'],
      workloadClaims: ['sub', 'pipeline_slug', 'pipeline_id'],
      immutableClaims: ['organization_id', 'pipeline_id'],
      namespaceBoundaries: [
        // sub = organization:ORG:pipeline:PIPELINE:ref:...; slugs hold no ':'.
        { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'organization', delimiter: ':', occurrences: 2 },
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'pipeline', delimiter: ':', occurrences: 4 },
        { claim: 'organization_slug', scope: BoundaryScope.TENANT, namespace: 'organization' },
        { claim: 'pipeline_slug', scope: BoundaryScope.WORKLOAD, namespace: 'pipeline' },
      ],
      awsCheckableClaims: AWS_BUILDKITE_CLAIMS,
    });
  }

  /** A pipeline, by organization and pipeline slug. Choose the branches next (`onBranch`, ...). */
  public pipeline(props: BuildkitePipelineProps): BuildkitePipeline {
    return BuildkitePipeline._of(this, { organization: checkSlug(props.organization, 'organization'), pipeline: checkSlug(props.pipeline, 'pipeline') });
  }

  /** An organization, for trust across all its pipelines (an explicit opt-in). */
  public organization(slug: string): BuildkiteOrganization {
    return BuildkiteOrganization._of(this, checkSlug(slug, 'organization'), undefined);
  }
}

/** The pipelines a builder covers. */
interface PipelineScope {
  readonly organization: string;
  /** Undefined: every pipeline of the organization. */
  readonly pipeline?: string;
  readonly organizationId?: string;
  readonly pipelineId?: string;
}

/**
 * A Buildkite pipeline (or all pipelines of an organization) whose jobs may get in. Pick the
 * builds with one of the `on...` methods or `anyBranch()`, which return the {@link TrustRule}.
 */
export class BuildkitePipeline {
  /** @internal */
  public static _of(issuer: Buildkite, scope: PipelineScope): BuildkitePipeline {
    return new BuildkitePipeline(issuer, scope);
  }

  private readonly issuer: Buildkite;
  private readonly scope: PipelineScope;

  private constructor(issuer: Buildkite, scope: PipelineScope) {
    this.issuer = issuer;
    this.scope = scope;
  }

  /**
   * Pin the pipeline and its organization by their UUIDs, so a deleted-and-recreated (or
   * renamed-and-reused) slug cannot inherit the trust. Adds `organization_id` and `pipeline_id`
   * conditions; jobs must request these optional claims (`--claims organization_id,pipeline_id`).
   */
  public pinned(ids: BuildkitePipelineIds): BuildkitePipeline {
    if (this.scope.pipeline === undefined) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `pinned() pins one pipeline, but this builder covers all pipelines of ${show(this.scope.organization)}.`, 'pin the organization instead: buildkite.organization("acme-inc").pinned({ organizationId: "..." }).allPipelines().');
    }
    return new BuildkitePipeline(this.issuer, {
      ...this.scope,
      organizationId: requireUuid(ids.organizationId, 'Buildkite organization ID'),
      pipelineId: requireUuid(ids.pipelineId, 'Buildkite pipeline ID'),
    });
  }

  /**
   * Builds of one branch, named literally (`*` and `?` are literal characters), that are not tag
   * builds. Checks both the subject (`ref:refs/heads/BRANCH`) and `build_branch`.
   */
  public onBranch(branch: string): TrustRule {
    requireName(branch, 'branch name', 'main');
    return this.rule(Glob.literal(`refs/heads/${branch}`), ClaimCondition.equalTo('build_branch', branch), `branch ${branch}`);
  }

  /** Builds of branches matching a glob (`*` any run, `?` one character), e.g. `release/*`; not tag builds. */
  public onBranchMatching(pattern: string): TrustRule {
    requireName(pattern, 'branch pattern', 'release/*');
    return this.rule(Glob.concat(Glob.literal('refs/heads/'), Glob.pattern(pattern)), ClaimCondition.like('build_branch', pattern), `branches matching ${pattern}`);
  }

  /** Builds of one tag (`ref:refs/tags/TAG` in the subject), named literally. */
  public onTag(tag: string): TrustRule {
    requireName(tag, 'tag name', 'v1.0.0');
    return this.rule(Glob.literal(`refs/tags/${tag}`), undefined, `tag ${tag}`);
  }

  /**
   * Builds of any branch (explicit opt-in), not tag builds. If the pipeline builds pull requests
   * from forks, their builds (branch `OWNER:BRANCH`) are admitted too.
   */
  public anyBranch(): TrustRule {
    return this.rule(Glob.concat(Glob.literal('refs/heads/'), Glob.anyRun()), undefined, 'any branch');
  }

  /**
   * The rule: the subject with any commit and step, plus the pins. A branch name could itself hold
   * `:commit:` (Buildkite takes branch names from whoever starts the build), so branch rules also
   * check `build_branch`, which carries the name alone.
   */
  private rule(ref: Glob, branchCondition: ClaimCondition | undefined, what: string): TrustRule {
    const s = this.scope;
    const subject = Glob.concat(
      Glob.literal(`organization:${s.organization}:pipeline:`),
      s.pipeline === undefined ? Glob.anyRun() : Glob.literal(s.pipeline),
      Glob.literal(':ref:'),
      ref,
      Glob.literal(':commit:'),
      Glob.anyRun(),
      Glob.literal(':step:'),
      Glob.anyRun(),
    );
    const conditions = [ClaimCondition.likeGlob('sub', subject)];
    if (branchCondition) conditions.push(branchCondition);
    if (s.organizationId) conditions.push(ClaimCondition.equalTo('organization_id', s.organizationId));
    if (s.pipelineId) conditions.push(ClaimCondition.equalTo('pipeline_id', s.pipelineId));
    const who = s.pipeline === undefined ? `all pipelines of ${s.organization}` : `${s.organization}/${s.pipeline}`;
    let rule = TrustRule.allOf(...conditions.map(exactWhenLiteral)).withDescription(`${who} on ${what}`);
    if (s.pipeline === undefined) {
      rule = rule.acknowledge(LintRuleIds.TENANT_WIDE, `all pipelines of ${s.organization} admitted explicitly with organization().allPipelines()`);
    }
    return rule;
  }
}

/**
 * A Buildkite organization. Trust across all its pipelines is an explicit opt-in:
 * {@link BuildkiteOrganization.allPipelines}.
 */
export class BuildkiteOrganization {
  /** @internal */
  public static _of(issuer: Buildkite, slug: string, organizationId: string | undefined): BuildkiteOrganization {
    return new BuildkiteOrganization(issuer, slug, organizationId);
  }

  private readonly issuer: Buildkite;
  private readonly slug: string;
  private readonly organizationId?: string;

  private constructor(issuer: Buildkite, slug: string, organizationId: string | undefined) {
    this.issuer = issuer;
    this.slug = slug;
    this.organizationId = organizationId;
  }

  /** Pin the organization by its UUID (jobs must request `--claims organization_id`). */
  public pinned(ids: BuildkiteOrganizationIds): BuildkiteOrganization {
    return new BuildkiteOrganization(this.issuer, this.slug, requireUuid(ids.organizationId, 'Buildkite organization ID'));
  }

  /**
   * Every pipeline of the organization, including pipelines created later (acknowledges WT107).
   * Narrow it with the `on...` methods.
   */
  public allPipelines(): BuildkitePipeline {
    return BuildkitePipeline._of(this.issuer, { organization: this.slug, organizationId: this.organizationId });
  }
}

function checkSlug(slug: unknown, what: 'organization' | 'pipeline'): string {
  return requireIdentifier(slug, SLUG, `Buildkite ${what} slug`, 'a slug is lowercase letters, digits and inner hyphens', what === 'organization' ? 'acme-inc' : 'super-duper-app');
}
