import { CLOSE, hasInterpolation, OPEN, readTemplate, showTemplate } from './terraform-template';

/** What a Google principal or principalSet names inside a workload identity pool. */
export type PoolTarget =
  | { readonly kind: 'attribute'; readonly attribute: string; readonly value: string }
  | { readonly kind: 'subject'; readonly value: string }
  | { readonly kind: 'group'; readonly value: string }
  | { readonly kind: 'all' }
  | { readonly kind: 'other'; readonly rest: string };

/** A pool principal read from a member string. */
export interface PoolPrincipal {
  /** The member as written, Terraform escapes removed and interpolations shown as `${...}`. */
  readonly member: string;
  /** The pool ID, when it can be worked out. */
  readonly poolId?: string;
  /** What the principal names in the pool. */
  readonly target: PoolTarget;
  /** Whether the value part holds an unresolved interpolation. */
  readonly valueUnresolved: boolean;
}

const PREFIX = /^principal(?:Set)?:\/\/iam\.googleapis\.com\//;
const POOL_NAME = /^projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)(\/.*)?$/;

/**
 * Reads a member string (`principalSet://iam.googleapis.com/projects/N/locations/global/
 * workloadIdentityPools/POOL/attribute.A/V`, `principal://.../subject/S`, `.../POOL/*`), where
 * the pool part may be a Terraform reference. `resolve` turns an interpolated expression into text
 * (a pool's `name` or `workload_identity_pool_id`), or undefined. Undefined for other members
 * (users, groups, service accounts, workforce pools).
 */
export function readPoolPrincipal(raw: string, resolve: (expression: string) => string | undefined): PoolPrincipal | undefined {
  const template = readTemplate(raw);
  if (!PREFIX.test(template.text)) return undefined;
  const member = showTemplate(template.text);
  // Substitute the references the input defines; the rest stay marked.
  const text = template.text.replace(new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g'), (whole, e: string) => resolve(e) ?? whole);
  const rest = text.replace(PREFIX, '');
  const m = POOL_NAME.exec(rest);
  if (!m) {
    if (/^(locations\/global\/)?workforcePools\//.test(rest) || rest.startsWith('locations/global/workforcePools/')) return undefined;
    return { member, target: { kind: 'other', rest: showTemplate(rest) }, valueUnresolved: hasInterpolation(rest) };
  }
  const poolId = hasInterpolation(m[2]) ? undefined : m[2];
  const tail = m[3] ?? '';
  const valueUnresolved = hasInterpolation(tail);
  let target: PoolTarget;
  let a: RegExpExecArray | null;
  if (tail === '/*') target = { kind: 'all' };
  else if ((a = /^\/attribute\.([^/]+)\/(.+)$/s.exec(tail))) target = { kind: 'attribute', attribute: a[1], value: showTemplate(a[2]) };
  else if ((a = /^\/subject\/(.+)$/s.exec(tail))) target = { kind: 'subject', value: showTemplate(a[1]) };
  else if ((a = /^\/group\/(.+)$/s.exec(tail))) target = { kind: 'group', value: showTemplate(a[1]) };
  else target = { kind: 'other', rest: showTemplate(tail) };
  return { member, poolId, target, valueUnresolved };
}
