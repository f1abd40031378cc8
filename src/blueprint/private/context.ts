import { TrustError } from '../../core/errors';

/**
 * Runs `fn` and re-throws a library error with `where` in front of its message (keeping its
 * code), so an error found by any layer names the blueprint, workload and target it came from.
 */
export function within<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrustError) {
      const message = e.message.replace(/^\[[^\]]+\] /, '');
      throw new TrustError(e.code, `${where}: ${message}`);
    }
    throw e;
  }
}
