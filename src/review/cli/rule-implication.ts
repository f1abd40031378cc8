import { globContained, globFromText } from './glob-containment';
import { ConditionDocument } from './report-document';
import { Glob } from '../../core/glob';

/** A claim condition as sets of values: the claim must match one of the globs. */
export interface ClaimSet {
  readonly claim: string;
  readonly globs: Glob[];
}

/** How many single-value pieces a rule is split into at most before comparing it as a whole. */
const MAX_PIECES = 256;

/**
 * The condition's values as globs: `equals` values are literal, `like` values are glob text
 * (`\*`, `\?`, `\\` literal characters).
 */
export function claimSetOf(c: ConditionDocument): ClaimSet {
  return { claim: c.claim, globs: c.values.map((v) => (c.operator === 'like' ? globFromText(v) : Glob.literal(v))) };
}

/**
 * Whether every token that satisfies all of `rule` satisfies all of `other` (`rule` implies
 * `other`): each condition of `other` is implied by a condition of `rule` on the same claim, that
 * is every value the latter admits is admitted by the former (`equals` values are contained in the
 * allowed values; a `like` pattern's language is contained in the union of the other patterns'
 * languages, see {@link globContained}). Sound: true only when the implication holds. Incomplete:
 * it does not combine several conditions on one claim of `rule` (an intersection) to cover one
 * condition of `other`, so it may answer false for an implication that holds.
 *
 * A rule without conditions admits every token, so it implies only a rule without conditions.
 */
export function ruleImplies(rule: ClaimSet[], other: ClaimSet[]): boolean {
  return other.every((o) => rule.some((c) => c.claim === o.claim && c.globs.every((g) => globContained(g, o.globs))));
}

/**
 * Whether every token admitted by `rule` is admitted by one of `cover`. The rule is split into
 * pieces with one value per condition (their union is the rule), and each piece must imply some
 * rule of `cover`, so a rule that merges two old rules (`sub` one of `a`, `b` against `sub` equals
 * `a` or `sub` equals `b`) is covered. Rules with more than 256 pieces are compared whole.
 */
export function ruleCovered(rule: ClaimSet[], cover: ClaimSet[][]): boolean {
  const pieces = rule.reduce((n, c) => n * c.globs.length, 1);
  if (pieces > MAX_PIECES) return cover.some((o) => ruleImplies(rule, o));
  return splitRule(rule).every((piece) => cover.some((o) => ruleImplies(piece, o)));
}

/** The rule as pieces with one value per condition. */
function splitRule(rule: ClaimSet[]): ClaimSet[][] {
  let pieces: ClaimSet[][] = [[]];
  for (const c of rule) {
    pieces = pieces.flatMap((p) => c.globs.map((g) => [...p, { claim: c.claim, globs: [g] }]));
  }
  return pieces;
}
