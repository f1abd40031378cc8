import { ClaimCondition } from '../core/claim-condition';
import { show, trustError, TrustErrorCode } from '../core/errors';
import { BoundaryScope, OidcIssuer } from '../core/issuer';
import { TrustRule } from '../core/trust-rule';
import { requireIdentifier } from './private/identifiers';

/** The Google accounts issuer. */
const GOOGLE_ACCOUNTS = 'https://accounts.google.com';

/**
 * Claims STS can check for Google, besides `aud` (FACTS.md, "Provider-specific condition keys":
 * aud, sub, oaud, google/organization_number; amr and email are generic keys).
 */
const AWS_GOOGLE_CLAIMS = ['sub', 'amr', 'email', 'oaud', 'google/organization_number'];

/** A service account's unique ID: the decimal number Google assigned (21 digits today). */
const UNIQUE_ID = /^[0-9]{1,30}$/;

/**
 * Google accounts as a token issuer: ID tokens of Google Cloud service accounts (from the
 * metadata server, `gcloud auth print-identity-token`, or `generateIdToken`), used to reach AWS
 * or another cloud from Google Cloud workloads. Every Google account shares this issuer, so rules
 * name one service account by its unique ID, the `sub` of its tokens.
 *
 * A service account deleted and recreated with the same email gets a new unique ID, so trust in
 * the ID does not pass to the new account: rules use the ID, never the email.
 *
 * @example
 * const google = GoogleAccounts.issuer();
 * const policy = google.trust({ rules: [google.serviceAccount('113774264463038321964')], audiences: ['sts.amazonaws.com'] });
 */
export class GoogleAccounts extends OidcIssuer {
  /** The Google accounts issuer URL. */
  public static readonly GOOGLE_ACCOUNTS_URL = GOOGLE_ACCOUNTS;

  /** Tokens from Google accounts (`https://accounts.google.com`). */
  public static issuer(): GoogleAccounts {
    return new GoogleAccounts();
  }

  private constructor() {
    super(GOOGLE_ACCOUNTS, {
      displayName: 'Google accounts',
      sharedIssuer: true,
      subjectClaims: ['sub'],
      immutableClaims: ['sub'],
      namespaceBoundaries: [
        // A unique ID has no structure: any wildcard in it admits other people's accounts.
        { claim: 'sub', scope: BoundaryScope.TENANT, namespace: 'Google account' },
      ],
      awsCheckableClaims: AWS_GOOGLE_CLAIMS,
    });
  }

  /**
   * One service account, by its unique ID (`gcloud iam service-accounts describe EMAIL
   * --format='value(uniqueId)'`): `sub` equals the ID.
   */
  public serviceAccount(uniqueId: string): TrustRule {
    if (typeof uniqueId === 'string' && uniqueId.includes('@')) {
      throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The Google service account unique ID ${show(uniqueId)} is an email address; tokens carry the unique ID in sub, and an email can be reused by a new account.`, `give the numeric unique ID: gcloud iam service-accounts describe ${uniqueId} --format='value(uniqueId)'.`);
    }
    requireIdentifier(uniqueId, UNIQUE_ID, 'Google service account unique ID', 'it must be the decimal number Google assigned (21 digits)', '113774264463038321964');
    return TrustRule.allOf(ClaimCondition.equalTo('sub', uniqueId)).withDescription(`service account ${uniqueId}`);
  }
}
