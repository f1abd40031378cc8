import { Finding } from '../../core/lint/finding';
import { lintRules } from '../../core/lint/inspect';
import { LINT_RULES } from '../../core/lint/registry';
import { LintRuleIds } from '../../core/lint/rule-ids';
import { SessionLifetime } from '../../core/session-lifetime';
import { TrustRule } from '../../core/trust-rule';
import { ReviewFinding } from '../review-finding';
import { ReviewedProvider } from '../reviewed-provider';
import { REVIEW_RULES } from '../rules/registry';
import { RawReviewFinding, ReviewRuleDefinition } from '../rules/review-rule';
import { SourceLocation } from '../source-location';
import { TrustEntry } from '../trust-entry';

const NO_SUBJECT_RESTRICTION = LINT_RULES.find((r) => r.id === LintRuleIds.NO_SUBJECT_RESTRICTION)!;

/**
 * The entry with its findings: the core lint on the rules read back (when the issuer is known),
 * `WT101` for ways in that check no claim at all, and every review rule. Never throws: a rule that
 * throws becomes a finding.
 */
export function lintEntry(entry: TrustEntry): TrustEntry {
  const findings: ReviewFinding[] = [];
  if (entry.federated && entry.issuer) {
    // The core lint sees the ways in that have a rule; `positions` maps its indexes back (usually
    // every way in has one, and the indexes are the same).
    const complete = entry.rules.every((r) => r.rule !== undefined);
    const defined: TrustRule[] = complete ? entry.rules.map((r) => r.rule!) : [];
    const positions: number[] = [];
    if (!complete) {
      entry.rules.forEach((r, i) => {
        if (r.rule) {
          defined.push(r.rule);
          positions.push(i);
        }
      });
    }
    for (const f of lintRules(entry.issuer, defined, lifetime(entry.maxSessionSeconds))) {
      const index = f.ruleIndex === undefined || complete ? f.ruleIndex : positions[f.ruleIndex];
      findings.push(fromCore(f, index === undefined ? entry.source : entry.rules[index].source, index));
    }
    entry.rules.forEach((r, i) => {
      if (r.rule || !r.exact) return;
      findings.push({
        id: NO_SUBJECT_RESTRICTION.id,
        severity: NO_SUBJECT_RESTRICTION.severity,
        title: NO_SUBJECT_RESTRICTION.title,
        message: `rule ${i + 1} checks no claim besides the audience, so it admits every ${entry.issuer!.sharedIssuer ? 'workload of every tenant of the shared issuer' : 'workload of the issuer'} ${entry.issuer!.url}.`,
        fix: NO_SUBJECT_RESTRICTION.fix,
        file: r.source.file,
        jsonPath: r.source.jsonPath,
        ruleIndex: i,
      });
    });
  }
  for (const def of REVIEW_RULES) run(def, () => def.checkEntry(entry), entry.source, findings);
  // The readers' entries have no findings yet: one without findings is complete as it is.
  return findings.length === 0 && entry.findings.length === 0 ? entry : entry.withFindings(findings);
}

/** Findings about a provider no entry goes through. */
export function lintUnusedProvider(provider: ReviewedProvider): ReviewFinding[] {
  const where: SourceLocation = provider.source ?? { file: '', jsonPath: '' };
  const findings: ReviewFinding[] = [];
  for (const def of REVIEW_RULES) {
    if (def.checkUnusedProvider) run(def, () => def.checkUnusedProvider!(provider), where, findings);
  }
  return findings;
}

/** Adds the rule's findings to `findings` (one array for all rules: the review lints thousands of entries). */
function run(def: ReviewRuleDefinition, check: () => RawReviewFinding[], where: SourceLocation, findings: ReviewFinding[]): void {
  let raws: RawReviewFinding[];
  try {
    raws = check();
  } catch (e) {
    raws = [{ message: `The rule could not be evaluated (${(e as Error).message}); review this part by hand.`, source: where }];
  }
  for (const raw of raws) {
    findings.push({
      id: def.id,
      severity: def.severity,
      title: def.title,
      message: raw.message,
      fix: def.fix,
      file: raw.source.file,
      jsonPath: raw.source.jsonPath,
      ruleIndex: raw.ruleIndex,
      claim: raw.claim,
    });
  }
}

function fromCore(f: Finding, source: SourceLocation, ruleIndex: number | undefined): ReviewFinding {
  // Core messages count rules from 1 in the order given to the lint; the review's order differs
  // when some ways in have no rule, so restate the position.
  const message = ruleIndex === undefined ? f.message : f.message.replace(/^rule \d+ /, `rule ${ruleIndex + 1} `);
  return {
    id: f.id,
    severity: f.severity,
    title: f.title,
    message,
    fix: f.fix,
    file: source.file,
    jsonPath: source.jsonPath,
    ruleIndex,
    claim: f.claim,
  };
}

function lifetime(seconds: number | undefined): SessionLifetime | undefined {
  if (seconds === undefined) return undefined;
  // A lifetime is immutable and only read by the lint: one per number of seconds (a handful repeat).
  const hit = LIFETIMES.get(seconds);
  if (hit !== undefined || LIFETIMES.has(seconds)) return hit;
  let built: SessionLifetime | undefined;
  try {
    built = SessionLifetime.seconds(seconds);
  } catch {
    built = undefined;
  }
  if (LIFETIMES.size >= MAX_LIFETIMES) LIFETIMES.clear();
  LIFETIMES.set(seconds, built);
  return built;
}

/** The lifetimes built so far, by seconds (at most {@link MAX_LIFETIMES}: then all are forgotten). */
const LIFETIMES = new Map<number, SessionLifetime | undefined>();
const MAX_LIFETIMES = 64;
