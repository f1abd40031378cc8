import { IIssuer } from '../core/issuer';

/**
 * An issuer as a blueprint names it. The name is stable: it is the Google Cloud workload identity
 * provider ID and part of the AWS construct IDs of the issuer's OIDC provider, so renaming it
 * replaces those resources. Created by {@link TrustBlueprint.addIssuer}.
 */
export class BlueprintIssuer {
  /** @internal */
  public static _of(name: string, issuer: IIssuer): BlueprintIssuer {
    return new BlueprintIssuer(name, issuer);
  }

  /** The blueprint's name for the issuer (also the Google Cloud provider ID). */
  public readonly name: string;
  /** The issuer. */
  public readonly issuer: IIssuer;

  private constructor(name: string, issuer: IIssuer) {
    this.name = name;
    this.issuer = issuer;
  }
}
