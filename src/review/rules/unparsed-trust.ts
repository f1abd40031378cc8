import { Severity } from '../../core/lint/finding';
import { UnparsedKind } from '../unparsed-fragment';
import { ReviewRuleDefinition } from './review-rule';
import { ReviewRuleIds } from './rule-ids';

/** WT206: what the review cannot read, it cannot vouch for. */
export const unparsedTrust: ReviewRuleDefinition = {
  id: ReviewRuleIds.UNPARSED_TRUST,
  severity: Severity.WARNING,
  title: 'Trust the review could not understand',
  explanation: 'Part of a trust policy, condition or mapping is not in a form the review reads back (an unknown operator, a negation, an unresolved reference, opaque CEL). The reported rules leave it out, so they may admit more than the cloud does, and the lint cannot judge the part itself.',
  fix: 'Read the raw text in the finding; rewrite it with equality, patterns and AND/OR of claim checks, or resolve the reference, so the trust can be reviewed.',
  checkEntry: (entry) => entry.unparsed.filter((f) => f.kind !== UnparsedKind.FOR_ALL_VALUES).map((f) => ({
    message: `${f.reason} Raw: ${f.raw}`,
    source: f.source,
    ruleIndex: f.ruleIndex,
  })),
};
