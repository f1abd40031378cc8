import { Severity } from '../finding';
import { LintRuleDefinition } from '../lint-rule';
import { LintRuleIds } from '../rule-ids';

/** WT105: stolen credentials stay useful for the whole session. */
export const longSession: LintRuleDefinition = {
  id: LintRuleIds.LONG_SESSION,
  severity: Severity.WARNING,
  title: 'Session longer than one hour',
  explanation: 'Credentials obtained from a token stay valid for the whole session; a lifetime over one hour widens the window in which leaked credentials work, and on Google Cloud it needs an organisation policy exception.',
  fix: 'Use the shortest lifetime the job needs (most CI jobs fit in 15 to 60 minutes).',
  check: ({ maxSession }) => maxSession.exceedsDefault
    ? [{ message: `The session lifetime is ${maxSession.toString()}, more than one hour.` }]
    : [],
};
