import { show, trustError, TrustErrorCode } from '../../core/errors';
import { Glob, GlobSegmentKind } from '../../core/glob';

/** Throws an InvalidIdentifier error naming the issuer, the kind of identifier, the value and the rule. */
export function requireIdentifier(value: unknown, pattern: RegExp, what: string, rule: string, example: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw trustError(TrustErrorCode.INVALID_IDENTIFIER, `The ${what} ${show(value)} is not valid: ${rule}.`, `give the ${what} exactly as the platform shows it, e.g. ${show(example)}.`);
  }
  return value;
}

/** A non-empty string without control characters (names the library passes through literally). */
export function requireName(value: unknown, what: string, example: string): string {
  return requireIdentifier(value, /^[^\u0000-\u001f\u007f]+$/u, what, 'it must be non-empty and contain no control characters', example);
}

/** Numeric IDs (GitHub repository and owner IDs, GitLab project and namespace IDs, ...). */
export function requireNumericId(value: unknown, what: string): string {
  return requireIdentifier(value, /^[0-9]+$/, what, 'it must be the decimal number the platform assigned', '123456789');
}

/** A DNS host name without port (for self-hosted issuer URLs). */
export function requireHost(value: unknown, what: string): string {
  return requireIdentifier(value, /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, what, 'it must be a DNS host name without scheme, port or path', 'github.example.com');
}

/**
 * Writes a value into a `key:value` subject the way issuers do: a `:` inside a value becomes `%3A`
 * (FACTS.md, "GitHub Actions OIDC"), so a value can never forge another key.
 */
export function encodeSubjectValue(glob: Glob): Glob {
  // A literal (a name, the usual value) is one piece: encoded without taking the glob apart.
  if (glob.isLiteral) return Glob.literal(glob.literalPrefix.replace(/:/g, '%3A'));
  return Glob.concat(...glob.segments.map((s) => {
    if (s.kind === GlobSegmentKind.ANY_RUN) return Glob.anyRun();
    if (s.kind === GlobSegmentKind.ANY_CHAR) return Glob.anyChar();
    return Glob.literal(s.text!.replace(/:/g, '%3A'));
  }));
}
