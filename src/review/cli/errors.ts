import { trustError, TrustError } from '../../core/errors';

/**
 * Why the review CLI refused its input, besides the review's own `ReviewErrorCode`s (a missing
 * path, invalid JSON, ...). Each code is stable; the message names the file, the problem and the fix.
 */
export enum CliErrorCode {
  /** The command line is not a valid `workload-trust` invocation (unknown command, option or value). */
  USAGE = 'ReviewCliUsage',
  /** The `--baseline` file does not exist or cannot be read. */
  UNREADABLE_BASELINE = 'ReviewUnreadableBaseline',
  /** The `--baseline` file is not a JSON report of a supported version. */
  INVALID_BASELINE = 'ReviewInvalidBaseline',
  /** The `--output` file cannot be written. */
  UNWRITABLE_OUTPUT = 'ReviewUnwritableOutput',
}

/** A {@link TrustError} with a CLI code: what is wrong (naming the file), and the fix. */
export function cliError(code: CliErrorCode, problem: string, fix: string): TrustError {
  return trustError(code, problem, fix);
}
