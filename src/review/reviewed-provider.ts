import { SourceLocation } from './source-location';

/** The identity provider a trust goes through: an IAM OIDC provider, or a Google workload identity provider. */
export interface ReviewedProvider {
  /**
   * Where the provider is declared (CloudFormation logical ID or Terraform address).
   * @default - not in the reviewed input (an ARN, an imported provider)
   */
  readonly address?: string;
  /**
   * The issuer URL the provider trusts.
   * @default - unknown
   */
  readonly issuerUrl?: string;
  /**
   * AWS: the provider's client ID list (the audiences STS accepts for it), when the template has it.
   * @default - unknown
   */
  readonly clientIds?: string[];
  /**
   * Google: the workload identity pool ID.
   * @default - none (AWS)
   */
  readonly poolId?: string;
  /**
   * Google: the provider ID.
   * @default - none (AWS)
   */
  readonly providerId?: string;
  /**
   * Google: whether the provider has an attribute condition. Without one, every token of the
   * issuer enters the pool.
   * @default - none (AWS)
   */
  readonly hasAttributeCondition?: boolean;
  /**
   * Where the provider is declared.
   * @default - not in the reviewed input
   */
  readonly source?: SourceLocation;
}
