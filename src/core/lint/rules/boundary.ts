import { ClaimCondition } from '../../claim-condition';
import { Glob } from '../../glob';
import { BoundaryScope, IIssuer, NamespaceBoundary } from '../../issuer';

/** Whether the glob has a wildcard before it has fixed the namespace the boundary ends. */
export function crosses(glob: Glob, boundary: NamespaceBoundary): boolean {
  if (glob.isLiteral) return false;
  if (boundary.delimiter === undefined) return true;
  const prefix = glob.literalPrefix;
  const needed = boundary.occurrences ?? 1;
  return prefix.split(boundary.delimiter).length - 1 < needed;
}

/** The issuer's boundaries of one scope on the condition's claim. */
export function boundariesOf(issuer: IIssuer, condition: ClaimCondition, scope: BoundaryScope): NamespaceBoundary[] {
  return issuer.namespaceBoundaries.filter((b) => b.claim === condition.claim && b.scope === scope);
}
