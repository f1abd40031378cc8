import { IIssuer, OidcIssuer } from '../../core/issuer';
import { BitbucketPipelines } from '../../issuers/bitbucket-pipelines';
import { Buildkite } from '../../issuers/buildkite';
import { CircleCI } from '../../issuers/circleci';
import { GitHubActions } from '../../issuers/github-actions';
import { GitLab } from '../../issuers/gitlab';
import { GoogleAccounts } from '../../issuers/google';
import { KubernetesServiceAccounts } from '../../issuers/kubernetes';
import { TerraformCloud } from '../../issuers/terraform-cloud';

/** A Bitbucket workspace UUID in a default audience `ari:cloud:bitbucket::workspace/UUID`. */
const BITBUCKET_AUDIENCE = /^ari:cloud:bitbucket::workspace\/\{?([0-9a-fA-F-]{36})\}?$/;
/** A placeholder UUID when no audience names the workspace (the lint does not use it). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Issuer URLs whose class is known by exact URL. */
const EXACT: { [url: string]: () => IIssuer } = {
  [GitHubActions.GITHUB_COM_URL]: () => GitHubActions.issuer(),
  [GitLab.GITLAB_COM_URL]: () => GitLab.issuer(),
  [TerraformCloud.HCP_TERRAFORM_URL]: () => TerraformCloud.issuer(),
  [TerraformCloud.HCP_TERRAFORM_EU_URL]: () => TerraformCloud.eu(),
  [Buildkite.BUILDKITE_URL]: () => Buildkite.issuer(),
  [GoogleAccounts.GOOGLE_ACCOUNTS_URL]: () => GoogleAccounts.issuer(),
};

/** Issuer URLs whose class is known by pattern, tried in order. */
const PATTERNS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray, audiences: string[]) => IIssuer]> = [
  [/^https:\/\/token\.actions\.githubusercontent\.com\/([^/]+)$/, (m) => GitHubActions.enterprise(m[1])],
  [/^https:\/\/token\.actions\.([^./]+)\.ghe\.com$/, (m) => GitHubActions.dataResidency(m[1])],
  [/^https:\/\/([^/]+)\/_services\/token$/, (m) => GitHubActions.server(m[1])],
  [/^https:\/\/oidc\.circleci\.com\/org\/([^/]+)$/, (m) => CircleCI.issuer(m[1])],
  [/^https:\/\/api\.bitbucket\.org\/2\.0\/workspaces\/([^/]+)\/pipelines-config\/identity\/oidc$/, (m, audiences) => BitbucketPipelines.issuer({
    workspace: m[1],
    workspaceUuid: audiences.map((a) => BITBUCKET_AUDIENCE.exec(a)?.[1]).find((u) => u !== undefined) ?? NIL_UUID,
  })],
  [/^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/id\/([^/]+)$/, (m) => KubernetesServiceAccounts.eks(m[1], m[2])],
  [/^https:\/\/container\.googleapis\.com\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)$/, (m) => KubernetesServiceAccounts.gke(m[1], m[2], m[3])],
];

/**
 * The issuer for a URL read from a template: this library's issuer class where the URL says which
 * (so the lint knows the claims), else a generic OIDC issuer, else (an invalid URL) undefined.
 *
 * @param audiences the audiences the trust admits (Bitbucket's default audience names the workspace UUID)
 */
export function issuerForUrl(url: string, audiences: string[] = []): IIssuer | undefined {
  const exact = EXACT[url];
  if (exact) return exact();
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(url);
    if (!m) continue;
    try {
      return build(m, audiences);
    } catch {
      // An identifier the issuer class refuses (e.g. an EKS ID in lowercase): fall back to generic.
      break;
    }
  }
  if (/^https:\/\/oidc\.eks\./.test(url) || /^https:\/\/container\.googleapis\.com\//.test(url)) {
    try {
      return KubernetesServiceAccounts.issuer(url);
    } catch {
      return undefined;
    }
  }
  try {
    return OidcIssuer.fromUrl(url);
  } catch {
    return undefined;
  }
}

/** {@link issuerForUrl} as a function that builds each issuer once. */
export type IssuerLookup = (url: string, audiences: string[]) => IIssuer | undefined;

/**
 * {@link issuerForUrl}, remembering what it returned for a URL and audiences: one template names
 * the same issuer for hundreds of identities, and building an issuer checks its URL and claim
 * layout every time. For one review (every template of its path): the entries it yields share
 * their issuer, which is immutable.
 */
export function issuerLookup(): IssuerLookup {
  const known = new Map<string, Map<string, IIssuer | undefined>>();
  return (url, audiences) => {
    let byAudiences = known.get(url);
    if (byAudiences === undefined) known.set(url, byAudiences = new Map());
    // One audience (the usual case) as itself after a space, more as JSON (which starts with `[`).
    const key = audiences.length === 1 ? ` ${audiences[0]}` : JSON.stringify(audiences);
    const hit = byAudiences.get(key);
    if (hit !== undefined || byAudiences.has(key)) return hit;
    const issuer = issuerForUrl(url, audiences);
    byAudiences.set(key, issuer);
    return issuer;
  };
}
