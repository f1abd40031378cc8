import { Arn, Aws, Lazy, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import { CfnOIDCProvider, IOidcProvider, IOpenIdConnectProvider, OIDCProviderReference } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsTrustErrorCode } from './errors';
import { show } from '../core/errors';
import { IIssuer, OidcIssuer } from '../core/issuer';
import { validationMessage } from './private/construct-error';
import { conditionKeyPrefix } from './trust-document';

/** IAM OIDC provider limits (FACTS.md, "AWS: IAM OIDC provider"). */
const MAX_CLIENT_IDS = 100;
const MAX_CLIENT_ID_LENGTH = 255;

/**
 * An IAM OIDC provider that federated roles can trust: one created in this stack
 * ({@link OidcProvider}) or one that already exists in the account ({@link OidcProvider.fromIssuer}).
 * It is also an `iam.IOidcProvider` and an `iam.IOpenIdConnectProvider`, so it works wherever
 * aws-cdk-lib expects an OIDC provider.
 */
export interface ITrustedOidcProvider extends IOidcProvider, IOpenIdConnectProvider {
  /** The issuer whose tokens the provider validates. */
  readonly issuer: IIssuer;
  /** Whether this stack manages the provider's client IDs (false for an imported provider). */
  readonly managesClientIds: boolean;
  /** The client IDs registered so far, in registration order. */
  readonly clientIds: string[];
  /**
   * Registers audiences a trusting role needs as client IDs. A created provider adds them; an
   * imported one records them, and the README says how to add them to the existing provider.
   */
  registerAudiences(audiences: string[]): void;
}

/** Properties of an {@link OidcProvider}. */
export interface OidcProviderProps {
  /** The token issuer: an issuer object (`GitHubActions.issuer()`) or its https URL. */
  readonly issuer: string | IIssuer;
  /**
   * Client IDs (audiences) to register besides those the trusting roles register themselves.
   * @default []
   */
  readonly clientIds?: string[];
  /**
   * Server certificate thumbprints. IAM validates GitHub, GitLab, Google, Auth0 and S3-hosted JWKS
   * issuers against its trusted root CAs and ignores thumbprints for them; when omitted, IAM
   * fetches the thumbprint of other issuers itself (FACTS.md, "AWS: IAM OIDC provider").
   * @default - none: IAM's root CAs or its own fetch
   */
  readonly thumbprints?: string[];
  /**
   * What happens to the provider when it leaves the stack. Deleting it breaks every role in the
   * account that trusts the issuer.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * What every trusted provider shares: the issuer, the aws-cdk-lib provider interfaces, and the
 * client IDs that trusting roles register.
 */
export abstract class OidcProviderBase extends Resource implements ITrustedOidcProvider {
  public readonly issuer: IIssuer;
  public abstract readonly managesClientIds: boolean;
  public abstract readonly oidcProviderArn: string;
  /** The registered client IDs, in registration order. */
  protected readonly registered: string[] = [];

  constructor(scope: Construct, id: string, issuer: IIssuer) {
    super(scope, id);
    this.issuer = issuer;
  }

  /** The issuer without `https://`: the IAM condition-key prefix and the ARN's resource name. */
  public get oidcProviderIssuer(): string {
    return conditionKeyPrefix(this.issuer.url);
  }

  public get openIdConnectProviderArn(): string {
    return this.oidcProviderArn;
  }

  public get openIdConnectProviderIssuer(): string {
    return this.oidcProviderIssuer;
  }

  public get oidcProviderRef(): OIDCProviderReference {
    return { oidcProviderArn: this.oidcProviderArn };
  }

  public get clientIds(): string[] {
    return [...this.registered];
  }

  public registerAudiences(audiences: string[]): void {
    for (const a of audiences) if (!this.registered.includes(a)) this.registered.push(a);
  }
}

/**
 * The account's IAM OIDC provider for one issuer, as a native `AWS::IAM::OIDCProvider` (no custom
 * resource Lambda). Its client IDs are the audiences of the {@link FederatedRole}s that trust it,
 * collected at synth, plus any you add.
 *
 * An account holds one provider per issuer URL (a second fails with EntityAlreadyExists): create
 * it in one stack and use {@link OidcProvider.fromIssuer} everywhere else.
 *
 * @example
 * declare const stack: Stack;
 * const github = GitHubActions.issuer();
 * const provider = new aws.OidcProvider(stack, 'GitHub', { issuer: github });
 */
export class OidcProvider extends OidcProviderBase {
  /**
   * The provider that already exists in this stack's account for the issuer. Its ARN is derived
   * from the issuer URL; its client IDs are not managed here, so every audience your roles use must
   * already be registered on it.
   */
  public static fromIssuer(scope: Construct, id: string, issuer: string | IIssuer): ITrustedOidcProvider {
    return new ImportedOidcProvider(scope, id, typeof issuer === 'string' ? OidcIssuer.fromUrl(issuer) : issuer);
  }

  public readonly managesClientIds = true;
  /** The CloudFormation resource. */
  public readonly resource: CfnOIDCProvider;

  constructor(scope: Construct, id: string, props: OidcProviderProps) {
    super(scope, id, typeof props.issuer === 'string' ? OidcIssuer.fromUrl(props.issuer) : props.issuer);
    this.registerAudiences(props.clientIds ?? []);
    this.resource = new CfnOIDCProvider(this, 'Resource', {
      url: this.issuer.url,
      clientIdList: Lazy.list({ produce: () => [...this.registered] }),
      thumbprintList: props.thumbprints,
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.node.addValidation({ validate: () => validateClientIds(this.registered) });
  }

  public get oidcProviderArn(): string {
    return this.resource.ref;
  }
}

/** An existing provider, found by the ARN IAM gives it: `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/PATH`. */
class ImportedOidcProvider extends OidcProviderBase {
  public readonly managesClientIds = false;
  public readonly oidcProviderArn: string;

  constructor(scope: Construct, id: string, issuer: IIssuer) {
    super(scope, id, issuer);
    this.oidcProviderArn = Arn.format({
      partition: Aws.PARTITION,
      service: 'iam',
      region: '',
      account: Stack.of(this).account,
      resource: 'oidc-provider',
      resourceName: this.oidcProviderIssuer,
    });
  }
}

function validateClientIds(ids: string[]): string[] {
  const errors: string[] = [];
  if (ids.length > MAX_CLIENT_IDS) {
    errors.push(validationMessage(AwsTrustErrorCode.INVALID_CLIENT_IDS,
      `the provider needs ${ids.length} client IDs (the audiences of every role that trusts it), but IAM allows at most ${MAX_CLIENT_IDS} per provider.`,
      'share audiences between roles (e.g. the target default sts.amazonaws.com) instead of one audience per role.'));
  }
  for (const id of ids.filter((i) => i.length > MAX_CLIENT_ID_LENGTH)) {
    errors.push(validationMessage(AwsTrustErrorCode.INVALID_CLIENT_IDS,
      `the client ID ${show(id)} has ${id.length} characters; IAM allows at most ${MAX_CLIENT_ID_LENGTH}.`,
      'use a shorter audience in the trust policy and in the workload\'s token request.'));
  }
  return errors;
}
