import { trustDocument, TrustStatementJson } from '../trust-document';

/**
 * The provider ARN at its longest, so the measure never falls short of the deployed policy:
 * partition `aws-us-gov` (the longest in use) and a 12-digit account.
 */
const LONGEST_ARN_PREFIX = 'arn:aws-us-gov:iam::123456789012:oidc-provider/';

/** A part of the policy and how many characters it takes. */
export interface SizeContributor {
  readonly part: string;
  readonly size: number;
}

/**
 * The size IAM counts for a trust policy: the minified JSON (FACTS.md: measure minified, as the
 * quota's whitespace rule is documented for other policy types only), with the provider ARN at its
 * longest.
 */
export function measureTrustPolicy(statements: TrustStatementJson[], issuerKeyPrefix: string): number {
  return JSON.stringify(trustDocument(concrete(statements, issuerKeyPrefix))).length;
}

/** The parts of the policy, largest first, for the message of a policy over the quota. */
export function largestParts(statements: TrustStatementJson[], issuerKeyPrefix: string): SizeContributor[] {
  const contributors: SizeContributor[] = [];
  concrete(statements, issuerKeyPrefix).forEach((s, i) => {
    for (const [op, keys] of Object.entries(s.Condition)) {
      for (const [key, values] of Object.entries(keys)) {
        contributors.push({ part: `statement ${i + 1} ${op} ${key}`, size: JSON.stringify({ [key]: values }).length });
      }
    }
  });
  return contributors.sort((a, b) => b.size - a.size);
}

function concrete(statements: TrustStatementJson[], issuerKeyPrefix: string): TrustStatementJson[] {
  return statements.map((s) => ({ ...s, Principal: { Federated: LONGEST_ARN_PREFIX + issuerKeyPrefix } }));
}
