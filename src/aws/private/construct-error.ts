import { IConstruct } from 'constructs';
import { TrustError } from '../../core/errors';

/** A validation message naming the construct path, the problem and the fix. */
export function constructError(scope: IConstruct, code: string, problem: string, fix: string): string {
  return `[${code}] ${scope.node.path}: ${problem} Fix: ${fix}`;
}

/**
 * Re-throws a compiler error with the construct path in front, so the message names where the
 * declaration is, whatever layer found the problem.
 */
export function atConstruct<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrustError) {
      const message = e.message.replace(/^\[[^\]]+\] /, '');
      throw new TrustError(e.code, `${scope.node.path}: ${message}`);
    }
    throw e;
  }
}
