import { ClaimCondition } from '../core/claim-condition';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { TrustRule } from '../core/trust-rule';
import { requireIdentifier, requireName } from './private/identifiers';
import { fixesPrefix, requireBracedUuid } from './private/rules';

/*
 * Claim names and formats. FACTS.md ("Other issuers") confirms `repositoryUuid` and that `sub`
 * holds the step UUID. The rest is unverified, from secondary sources (an anonymised token in
 * pypi/warehouse#17136 and community Terraform modules citing Atlassian's AWS guide):
 * - `branchName` and `deploymentEnvironmentUuid` claims;
 * - UUIDs in claims written with braces, `{...}`;
 * - `sub` = `{REPOSITORY_UUID}:{STEP_UUID}`, or `{REPOSITORY_UUID}:{ENVIRONMENT_UUID}:{STEP_UUID}`
 *   for deployment steps;
 * - the default audience `ari:cloud:bitbucket::workspace/UUID` with the workspace UUID without braces.
 * A wrong guess makes a rule deny tokens, never admit more.
 */
const REPOSITORY_UUID_CLAIM = 'repositoryUuid';
const BRANCH_CLAIM = 'branchName';
const ENVIRONMENT_UUID_CLAIM = 'deploymentEnvironmentUuid';

/** Workspace IDs (slugs): letters, digits, `_` and `-`. */
const WORKSPACE = /^[A-Za-z0-9_-]+$/;

/** A Bitbucket Cloud workspace, as Repository settings > Pipelines > OpenID Connect shows it. */
export interface BitbucketWorkspaceProps {
  /** The workspace ID (slug), e.g. `acme`: part of the issuer URL. */
  readonly workspace: string;
  /**
   * The workspace UUID, with or without braces, e.g. `{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}`:
   * part of the default audience.
   */
  readonly workspaceUuid: string;
}

/**
 * Bitbucket Pipelines as a token issuer: one issuer per workspace,
 * `https://api.bitbucket.org/2.0/workspaces/WORKSPACE/pipelines-config/identity/oidc`, whose
 * steps (with `oidc: true`) get tokens for the audience `ari:cloud:bitbucket::workspace/UUID`
 * unless the step lists its own audiences.
 *
 * The subject changes on every run (it holds the step UUID), so no rule matches `sub` exactly.
 * The claim-based rules (`anyStep`, `onBranch`, `onDeploymentEnvironment`) check
 * `repositoryUuid` and friends: **AWS can check only the generic keys (sub, amr, email, oaud) for
 * Bitbucket**, so these rules compile for Google Cloud only. For AWS, use the subject-based rules
 * (`anyStepBySubject`, `onDeploymentEnvironmentBySubject`), which match the repository (and
 * environment) at the start of `sub`.
 *
 * @example
 * const bitbucket = BitbucketPipelines.issuer({ workspace: 'acme', workspaceUuid: '{03b741e3-cf4a-41f9-9a59-cec52e21bdc3}' });
 * const repo = bitbucket.repository('{d4e45493-4a33-477d-917b-a24e7e4bd39b}');
 * const onGoogle = bitbucket.trust({ rules: [repo.onDeploymentEnvironment('{7c2a7a8e-2c1b-4a4e-9d61-3f1a0c5b9e21}')] });
 * const onAws = bitbucket.trust({ rules: [repo.onDeploymentEnvironmentBySubject('{7c2a7a8e-2c1b-4a4e-9d61-3f1a0c5b9e21}')] });
 */
export class BitbucketPipelines extends OidcIssuer {
  /** Tokens of one workspace's pipelines. */
  public static issuer(props: BitbucketWorkspaceProps): BitbucketPipelines {
    const workspace = requireIdentifier(props.workspace, WORKSPACE, 'Bitbucket workspace ID', 'a workspace ID is letters, digits, "_" or "-"', 'acme');
    return new BitbucketPipelines(workspace, requireBracedUuid(props.workspaceUuid, 'Bitbucket workspace UUID'));
  }

  /** The workspace ID (slug). */
  public readonly workspace: string;
  /** The workspace UUID, with braces as in the tokens' claims. */
  public readonly workspaceUuid: string;
  /** The default audience of the workspace's tokens: `ari:cloud:bitbucket::workspace/UUID`. */
  public readonly defaultAudience: string;

  private constructor(workspace: string, workspaceUuid: string) {
    super(`https://api.bitbucket.org/2.0/workspaces/${workspace}/pipelines-config/identity/oidc`, {
      displayName: `Bitbucket Pipelines (workspace ${workspace})`,
      // The issuer belongs to one workspace.
      sharedIssuer: false,
      subjectClaims: [REPOSITORY_UUID_CLAIM, 'sub'],
      workloadClaims: [REPOSITORY_UUID_CLAIM, 'sub'],
      immutableClaims: [REPOSITORY_UUID_CLAIM, 'sub'],
      namespaceBoundaries: [
        // sub = {REPOSITORY}:...: the repository ends at the first ':'.
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'repository', delimiter: ':' },
        { claim: REPOSITORY_UUID_CLAIM, scope: BoundaryScope.WORKLOAD, namespace: 'repository' },
      ],
      // No provider-specific keys for Bitbucket (FACTS.md, "Provider-specific condition keys").
      awsCheckableClaims: undefined,
    });
    this.workspace = workspace;
    this.workspaceUuid = `{${workspaceUuid}}`;
    this.defaultAudience = `ari:cloud:bitbucket::workspace/${workspaceUuid}`;
  }

  /**
   * Whether the condition pins an immutable identity. `sub` is made of UUIDs only, so a `sub`
   * pattern that fixes the repository (up to the first `:`) pins it.
   */
  public pinsImmutableIdentity(condition: ClaimCondition): boolean {
    if (condition.claim === 'sub') return condition.globs.every((g) => fixesPrefix(g, ':', 1));
    return super.pinsImmutableIdentity(condition);
  }

  /**
   * A repository, by its UUID with or without braces (Repository settings > OpenID Connect). Choose
   * the steps next (`anyStep`, `onBranch`, ...).
   */
  public repository(repositoryUuid: string): BitbucketRepository {
    return BitbucketRepository._of(this, `{${requireBracedUuid(repositoryUuid, 'Bitbucket repository UUID')}}`);
  }

  /** The tokens' default audience: `ari:cloud:bitbucket::workspace/UUID`. */
  protected defaultAudiences(): string[] {
    return [this.defaultAudience];
  }
}

/**
 * A Bitbucket repository whose pipeline steps may get in. Pick the steps with one of the methods,
 * which return the {@link TrustRule}. Methods ending in `BySubject` check only `sub` and compile
 * for AWS too; the others check claims AWS cannot see.
 */
export class BitbucketRepository {
  /** @internal */
  public static _of(issuer: BitbucketPipelines, repositoryUuid: string): BitbucketRepository {
    return new BitbucketRepository(issuer, repositoryUuid);
  }

  private readonly issuer: BitbucketPipelines;
  private readonly repositoryUuid: string;

  private constructor(issuer: BitbucketPipelines, repositoryUuid: string) {
    this.issuer = issuer;
    this.repositoryUuid = repositoryUuid;
  }

  /** Every step of the repository's pipelines (`repositoryUuid`; Google Cloud only). */
  public anyStep(): TrustRule {
    return this.rule([], 'any step');
  }

  /**
   * Steps of pipelines on one branch (`branchName`, named literally; Google Cloud only). Anyone
   * who can push to the branch can run code with the identity: protect the branch.
   */
  public onBranch(branch: string): TrustRule {
    requireName(branch, 'branch name', 'main');
    return this.rule([ClaimCondition.equalTo(BRANCH_CLAIM, branch)], `branch ${branch}`);
  }

  /**
   * Deployment steps of one environment, by its UUID with or without braces
   * (`deploymentEnvironmentUuid`; Google Cloud only). Deployment permissions of the environment
   * decide which branches reach it.
   */
  public onDeploymentEnvironment(environmentUuid: string): TrustRule {
    const env = `{${requireBracedUuid(environmentUuid, 'Bitbucket deployment environment UUID')}}`;
    return this.rule([ClaimCondition.equalTo(ENVIRONMENT_UUID_CLAIM, env)], `deployment environment ${env}`);
  }

  /** Every step of the repository's pipelines, matched by the start of `sub` (`{REPOSITORY}:*`; AWS and Google Cloud). */
  public anyStepBySubject(): TrustRule {
    return TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal(`${this.repositoryUuid}:`), Glob.anyRun())))
      .withDescription(`repository ${this.repositoryUuid}: any step (by subject)`);
  }

  /**
   * Deployment steps of one environment, matched by the start of `sub`
   * (`{REPOSITORY}:{ENVIRONMENT}:*`; AWS and Google Cloud).
   */
  public onDeploymentEnvironmentBySubject(environmentUuid: string): TrustRule {
    const env = `{${requireBracedUuid(environmentUuid, 'Bitbucket deployment environment UUID')}}`;
    return TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal(`${this.repositoryUuid}:${env}:`), Glob.anyRun())))
      .withDescription(`repository ${this.repositoryUuid}: deployment environment ${env} (by subject)`);
  }

  private rule(extra: ClaimCondition[], what: string): TrustRule {
    return TrustRule.allOf(ClaimCondition.equalTo(REPOSITORY_UUID_CLAIM, this.repositoryUuid), ...extra)
      .withDescription(`repository ${this.repositoryUuid} (${this.issuer.workspace}): ${what}`);
  }
}
