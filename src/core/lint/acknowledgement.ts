import { show, trustError, TrustErrorCode } from '../errors';
import { Acknowledgement } from './finding';
import { LintRuleIds } from './rule-ids';

/** The shortest reason accepted, as in cdk-nag suppressions: a reviewer needs a real sentence. */
const MIN_REASON_LENGTH = 10;

const KNOWN_IDS = new Set(Object.values(LintRuleIds) as string[]);

/** Validates an acknowledgement and returns a frozen copy. */
export function checkAcknowledgement(ack: Acknowledgement, where: string): Acknowledgement {
  if (!KNOWN_IDS.has(ack.findingId)) {
    throw trustError(TrustErrorCode.INVALID_ACKNOWLEDGEMENT, `${where} acknowledges finding ${show(ack.findingId)}, which is not a lint rule ID (known: ${[...KNOWN_IDS].join(', ')}).`, 'use the ID printed in the finding, e.g. "WT104".');
  }
  if (typeof ack.reason !== 'string' || ack.reason.trim().length < MIN_REASON_LENGTH) {
    throw trustError(TrustErrorCode.INVALID_ACKNOWLEDGEMENT, `${where} acknowledges ${ack.findingId} with the reason ${show(ack.reason)}; a reason must have at least ${MIN_REASON_LENGTH} characters so reviewers can judge it.`, 'say why the finding is acceptable here, e.g. "pull requests only run terraform plan with read-only access".');
  }
  return Object.freeze({ findingId: ack.findingId, reason: ack.reason.trim() });
}
