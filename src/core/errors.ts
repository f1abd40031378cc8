/**
 * Why a declaration was refused. Each code is stable: tests, users and docs can refer to it.
 */
export enum TrustErrorCode {
  /** The issuer is not an https URL without query, fragment, port or credentials. */
  INVALID_ISSUER = 'InvalidIssuer',
  /** The policy admits no audience. */
  NO_AUDIENCE = 'NoAudience',
  /** An audience is empty or not a string. */
  INVALID_AUDIENCE = 'InvalidAudience',
  /** The policy has no rule, or a rule has no condition. */
  NO_RULE = 'NoRule',
  /** A condition has no value, or a value or pattern is empty or not a string. */
  INVALID_VALUE = 'InvalidValue',
  /** A claim name is malformed or reserved. */
  INVALID_CLAIM = 'InvalidClaim',
  /** A session lifetime is outside 15 minutes to 12 hours or not whole seconds. */
  INVALID_LIFETIME = 'InvalidLifetime',
  /** An acknowledgement names an unknown finding or gives no real reason. */
  INVALID_ACKNOWLEDGEMENT = 'InvalidAcknowledgement',
  /** Error-level lint findings that the declaration did not acknowledge. */
  UNACKNOWLEDGED_FINDINGS = 'UnacknowledgedFindings',
  /** An issuer-specific identifier (owner, repository, project, namespace, ...) is malformed. */
  INVALID_IDENTIFIER = 'InvalidIdentifier',
}

/**
 * The error every invalid declaration throws: a stable `code` plus a message that names the
 * offending value, the rule it breaks and how to fix it.
 */
export class TrustError extends Error {
  /** The stable code of the broken rule: a {@link TrustErrorCode}, or a cloud layer's own code. */
  public readonly code: string;

  constructor(code: string, message: string) {
    super(`[${code}] ${message}`);
    this.code = code;
    this.name = 'TrustError';
    Object.setPrototypeOf(this, TrustError.prototype);
  }
}

/**
 * Ways to recognise a {@link TrustError} from any jsii language.
 */
export class TrustErrors {
  /** Whether `x` is an error thrown by this library for an invalid declaration. */
  public static isTrustError(x: any): boolean {
    return x instanceof TrustError;
  }

  /** The stable code of a {@link TrustError}, or undefined for any other value. */
  public static codeOf(x: any): string | undefined {
    return x instanceof TrustError ? x.code : undefined;
  }

  private constructor() {}
}

/** Renders a user value so that quotes, newlines and empty strings stay visible in a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Builds a {@link TrustError} from its three parts: what is wrong, the rule, the fix. */
export function trustError(code: string, problem: string, fix: string): TrustError {
  return new TrustError(code, `${problem} Fix: ${fix}`);
}

/** The message of an error without the `[code] ` prefix a {@link TrustError} puts in front. */
export function messageOf(e: Error): string {
  return e.message.replace(/^\[[^\]]+\] /, '');
}

/**
 * Runs `fn`; a {@link TrustError} it throws is re-thrown with `where` in front of its message and
 * the same code, so an error found by any layer names the place it came from.
 */
export function within<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrustError) throw new TrustError(e.code, `${where}: ${messageOf(e)}`);
    throw e;
  }
}
