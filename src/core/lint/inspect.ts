import { IIssuer } from '../issuer';
import { SessionLifetime } from '../session-lifetime';
import { TrustRule } from '../trust-rule';
import { Finding } from './finding';
import { findingOf } from './lint';
import { RawFinding } from './lint-rule';
import { LINT_RULES } from './registry';
import { LintRuleIds } from './rule-ids';

/**
 * Runs every lint rule on rules read back from somewhere else (a synthesized template, a
 * hand-written policy), where nothing is acknowledged and nothing may throw.
 *
 * Unlike the lint a {@link TrustPolicy} runs on construction, this never throws: findings of every
 * severity are returned, acknowledgements on the rules are applied as usual, and a rule check that
 * throws becomes a finding of that rule saying it could not be evaluated (fail closed: the
 * reviewer sees it). Without a known lifetime the lifetime rule (WT105) is skipped.
 *
 * @param issuer the issuer, for its claim knowledge
 * @param rules the rules to check; `ruleIndex` in the findings indexes this array
 * @param maxSession the session lifetime, when known
 */
export function lintRules(issuer: IIssuer, rules: TrustRule[], maxSession?: SessionLifetime): Finding[] {
  const subject = { issuer, rules, maxSession: maxSession ?? SessionLifetime.oneHour() };
  const findings: Finding[] = [];
  for (const def of LINT_RULES) {
    if (maxSession === undefined && def.id === LintRuleIds.LONG_SESSION) continue;
    let raws: RawFinding[];
    try {
      raws = def.check(subject);
    } catch (e) {
      raws = [{ message: `The rule could not be evaluated (${(e as Error).message}); review the rules by hand.` }];
    }
    for (const raw of raws) findings.push(findingOf(def, raw, subject, []));
  }
  return findings;
}
