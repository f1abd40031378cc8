import { ClaimCondition } from '../core/claim-condition';
import { Glob } from '../core/glob';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { LintRuleIds } from '../core/lint/rule-ids';
import { TrustRule } from '../core/trust-rule';
import { requireIdentifier } from './private/identifiers';

/** Namespaces: a DNS-1123 label (lowercase letters, digits, inner hyphens; at most 63 characters). */
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Service account names: a DNS-1123 subdomain (dot-separated labels; at most 253 characters). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/** AWS regions of the standard (`amazonaws.com`) and China (`amazonaws.com.cn`) partitions. */
const AWS_REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-[0-9]+$/;
/**
 * The ID at the end of an EKS cluster's issuer URL: 32 uppercase hexadecimal characters in real
 * clusters; AWS's documentation examples (`EXAMPLED539D4633E53DE1B716D3041E`) use other capitals too.
 */
const EKS_OIDC_ID = /^[0-9A-Z]{32}$/;
/** Google Cloud project IDs: 6 to 30 lowercase letters, digits and hyphens, starting with a letter. */
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Google Cloud regions (`europe-west1`) and zones (`europe-west1-b`). */
const GCP_LOCATION = /^[a-z]+-[a-z]+[0-9]+(?:-[a-z])?$/;
/** GKE cluster names: up to 40 lowercase letters, digits and hyphens, starting with a letter. */
const GKE_CLUSTER = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Kubernetes service accounts as a token issuer: the cluster's service account issuer (projected
 * service account tokens, as used by EKS IRSA and workload identity federation from any cluster).
 * Builds rules from namespaces and service accounts of the subject
 * `system:serviceaccount:NAMESPACE:NAME`.
 *
 * The namespace is the tenant: a rule never spans namespaces, and all service accounts of a
 * namespace is an explicit opt-in ({@link KubernetesNamespace.allServiceAccounts}).
 *
 * @example
 * const cluster = KubernetesServiceAccounts.eks('eu-west-1', 'EXAMPLED539D4633E53DE1B716D3041E');
 * const policy = cluster.trust({ rules: [cluster.serviceAccount('payments', 'ledger-writer')] });
 */
export class KubernetesServiceAccounts extends OidcIssuer {
  /**
   * Tokens from a cluster with the given service account issuer URL (`--service-account-issuer`,
   * also the `iss` of its tokens), e.g. `https://oidc.example.com/clusters/prod`.
   */
  public static issuer(url: string): KubernetesServiceAccounts {
    OidcIssuer.validateUrl(url);
    return new KubernetesServiceAccounts(url, `Kubernetes (${url.slice('https://'.length)})`);
  }

  /**
   * Tokens from an Amazon EKS cluster: `https://oidc.eks.REGION.amazonaws.com/id/ID`
   * (`amazonaws.com.cn` in China regions), the `identity.oidc.issuer` of `aws eks describe-cluster`.
   */
  public static eks(region: string, oidcId: string): KubernetesServiceAccounts {
    requireIdentifier(region, AWS_REGION, 'AWS region', 'it must be a region of the aws, aws-us-gov or aws-cn partition, e.g. eu-west-1', 'eu-west-1');
    requireIdentifier(oidcId, EKS_OIDC_ID, 'EKS OIDC issuer ID', 'it must be the 32 uppercase letters and digits at the end of the cluster\'s issuer URL', 'EXAMPLED539D4633E53DE1B716D3041E');
    const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    return new KubernetesServiceAccounts(`https://oidc.eks.${region}.${domain}/id/${oidcId}`, `Kubernetes (EKS ${region} ${oidcId})`);
  }

  /**
   * Tokens from a Google Kubernetes Engine cluster:
   * `https://container.googleapis.com/v1/projects/PROJECT/locations/LOCATION/clusters/CLUSTER`.
   */
  public static gke(project: string, location: string, cluster: string): KubernetesServiceAccounts {
    requireIdentifier(project, GCP_PROJECT, 'Google Cloud project ID', 'a project ID is 6 to 30 lowercase letters, digits or hyphens, starting with a letter', 'my-project');
    requireIdentifier(location, GCP_LOCATION, 'GKE cluster location', 'it must be a region or zone, e.g. europe-west1 or europe-west1-b', 'europe-west1');
    requireIdentifier(cluster, GKE_CLUSTER, 'GKE cluster name', 'a cluster name is up to 40 lowercase letters, digits or hyphens, starting with a letter', 'prod');
    return new KubernetesServiceAccounts(`https://container.googleapis.com/v1/projects/${project}/locations/${location}/clusters/${cluster}`, `Kubernetes (GKE ${project}/${location}/${cluster})`);
  }

  private constructor(url: string, displayName: string) {
    super(url, {
      displayName,
      // Each cluster has its own issuer.
      sharedIssuer: false,
      subjectClaims: ['sub'],
      workloadClaims: ['sub'],
      namespaceBoundaries: [
        // sub = system:serviceaccount:NAMESPACE:NAME: the namespace ends at the third ':', and
        // the service account is the rest of the value (names hold no ':').
        { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'Kubernetes namespace', delimiter: ':', occurrences: 3 },
        { claim: 'sub', scope: BoundaryScope.WORKLOAD, namespace: 'service account' },
      ],
    });
  }

  /** One service account: `sub` equals `system:serviceaccount:NAMESPACE:NAME`. */
  public serviceAccount(namespace: string, name: string): TrustRule {
    return KubernetesNamespace._of(checkNamespace(namespace)).serviceAccount(name);
  }

  /** A namespace, for trust across its service accounts (an explicit opt-in). */
  public namespace(namespace: string): KubernetesNamespace {
    return KubernetesNamespace._of(checkNamespace(namespace));
  }
}

/**
 * A Kubernetes namespace. Trust across all its service accounts is an explicit opt-in:
 * {@link KubernetesNamespace.allServiceAccounts}.
 */
export class KubernetesNamespace {
  /** @internal */
  public static _of(name: string): KubernetesNamespace {
    return new KubernetesNamespace(name);
  }

  private readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** One service account of the namespace. */
  public serviceAccount(name: string): TrustRule {
    requireIdentifier(name, DNS_SUBDOMAIN, 'Kubernetes service account name', 'a service account name is a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", at most 253 characters', 'ledger-writer');
    return TrustRule.allOf(ClaimCondition.equalTo('sub', `system:serviceaccount:${this.name}:${name}`))
      .withDescription(`service account ${this.name}/${name}`);
  }

  /**
   * Every service account of the namespace, including ones created later by anyone allowed to
   * create service accounts there (acknowledges WT107).
   */
  public allServiceAccounts(): TrustRule {
    return TrustRule.allOf(ClaimCondition.likeGlob('sub', Glob.concat(Glob.literal(`system:serviceaccount:${this.name}:`), Glob.anyRun())))
      .withDescription(`all service accounts of namespace ${this.name}`)
      .acknowledge(LintRuleIds.TENANT_WIDE, `all service accounts of namespace ${this.name} admitted explicitly with namespace().allServiceAccounts()`);
  }
}

function checkNamespace(namespace: unknown): string {
  return requireIdentifier(namespace, DNS_LABEL, 'Kubernetes namespace', 'a namespace is a DNS-1123 label: lowercase letters, digits and inner "-", at most 63 characters', 'payments');
}
