/**
 * The stable IDs of the lint rules. An ID is never derived from a file or class name and never
 * reused: reports, suppressions and baselines refer to it.
 */
export class LintRuleIds {
  /** A rule restricts neither the subject nor an immutable identity claim. */
  public static readonly NO_SUBJECT_RESTRICTION = 'WT101';
  /** A wildcard can cross the tenant (owner, organisation, namespace) boundary. */
  public static readonly WILDCARD_CROSSES_TENANT = 'WT102';
  /** A condition matches every value it can be given. */
  public static readonly MATCHES_EVERYTHING = 'WT103';
  /** A rule admits tokens from pull-request workflows, which can run code from forks. */
  public static readonly PULL_REQUEST_REACHABLE = 'WT104';
  /** The session lifetime is longer than one hour. */
  public static readonly LONG_SESSION = 'WT105';
  /** A rule trusts mutable names only although the issuer offers immutable IDs. */
  public static readonly MUTABLE_NAMES_ONLY = 'WT106';
  /** A wildcard admits every workload (repository, project, service account) of a tenant. */
  public static readonly TENANT_WIDE = 'WT107';

  private constructor() {}
}
