import { IConstruct } from 'constructs';
import { within } from '../../core/errors';

/**
 * A `node.addValidation` message: the code, the problem and the fix (CDK puts the construct path
 * in front of validation messages itself).
 */
export function validationMessage(code: string, problem: string, fix: string): string {
  return `[${code}] ${problem} Fix: ${fix}`;
}

/**
 * Re-throws a compiler error with the construct path in front, so the message names where the
 * declaration is, whatever layer found the problem.
 */
export function atConstruct<T>(scope: IConstruct, fn: () => T): T {
  return within(scope.node.path, fn);
}
