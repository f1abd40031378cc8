import { compareText } from './text';
import { ClaimCondition, ConditionOperator } from '../../core/claim-condition';

/**
 * The conditions of `RuleNormalization`'s normal form, or undefined when no value satisfies those
 * on some claim. Without rules around them: the review normalizes every statement it reads.
 */
export function normalConditions(conditions: ClaimCondition[]): ClaimCondition[] | undefined {
  // The usual rule, one condition per claim and each in normal form already, only needs sorting.
  if (conditions.length <= FEW_CONDITIONS && conditions.every((c, i) => isNormal(c) && conditions.findIndex((o) => o.claim === c.claim) === i)) {
    return sortConditions([...conditions]);
  }
  const byClaim = new Map<string, ClaimCondition[]>();
  for (const c of conditions) {
    const list = byClaim.get(c.claim);
    if (list) list.push(c);
    else byClaim.set(c.claim, [c]);
  }
  const out: ClaimCondition[] = [];
  for (const [claim, list] of byClaim) {
    const exactSets: string[][] = [];
    const likes: ClaimCondition[] = [];
    for (const c of list) {
      if (c.operator === ConditionOperator.EQUALS) exactSets.push(c.values);
      else if (c.globs.every((g) => g.isLiteral)) exactSets.push(c.globs.map((g) => g.literalPrefix));
      else likes.push(c);
    }
    if (exactSets.length > 0) {
      // One equals condition whose values are sorted is its own normal form (its values are unique).
      if (list.length === 1 && list[0].operator === ConditionOperator.EQUALS && isSorted(list[0].values)) {
        out.push(list[0]);
        continue;
      }
      const values = exactSets[0].filter((v) => exactSets.every((s) => s.includes(v)) && likes.every((l) => l.globs.some((g) => g.matches(v))));
      if (values.length === 0) return undefined;
      out.push(ClaimCondition.equalTo(claim, ...[...new Set(values)].sort(compareText)));
      continue;
    }
    const seen = new Set<string>();
    for (const l of likes) {
      // Patterns already sorted are kept as they are (like conditions never repeat a pattern).
      const normalized = isSorted(l.values) ? l : ClaimCondition.likeGlob(claim,
        ...[...new Map(l.globs.map((g) => [g.toString(), g] as const)).entries()].sort((a, b) => compareText(a[0], b[0])).map(([, g]) => g));
      const key = normalized.toString();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(normalized);
      }
    }
  }
  return sortConditions(out);
}

/** Whether the condition is the normal form of itself alone: sorted values, and a like has a wildcard. */
function isNormal(c: ClaimCondition): boolean {
  return isSorted(c.values) && (c.operator === ConditionOperator.EQUALS || !c.globs.every((g) => g.isLiteral));
}

/** Rules have a handful of conditions: sorted in place by insertion up to this many. */
const FEW_CONDITIONS = 16;

/**
 * Sorts by claim, operator and text, in place. A few conditions are sorted by insertion: Array.sort
 * sets up ~0.9 KB of work space per call (heap profile of a review of 3,000 roles).
 */
function sortConditions(conditions: ClaimCondition[]): ClaimCondition[] {
  if (conditions.length > FEW_CONDITIONS) return conditions.sort(compareConditions);
  for (let i = 1; i < conditions.length; i++) {
    const c = conditions[i];
    let j = i;
    for (; j > 0 && compareConditions(conditions[j - 1], c) > 0; j--) conditions[j] = conditions[j - 1];
    conditions[j] = c;
  }
  return conditions;
}

function compareConditions(a: ClaimCondition, b: ClaimCondition): number {
  return compareText(a.claim, b.claim) || compareText(a.operator, b.operator) || compareText(a.toString(), b.toString());
}

/** Whether the texts are in strictly increasing code-unit order (so also free of duplicates). */
function isSorted(texts: string[]): boolean {
  for (let i = 1; i < texts.length; i++) if (compareText(texts[i - 1], texts[i]) >= 0) return false;
  return true;
}
