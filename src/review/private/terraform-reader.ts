import { TargetCloud } from '../../core/issuer';
import { TrustRule } from '../../core/trust-rule';
import { reviewError, ReviewErrorCode } from '../errors';
import { IdentityKind, ReviewedIdentity } from '../identity';
import { ReviewFinding } from '../review-finding';
import { ReviewedProvider } from '../reviewed-provider';
import { ReviewedRule } from '../reviewed-rule';
import { SourceLocation } from '../source-location';
import { TrustEntry } from '../trust-entry';
import { TrustReport } from '../trust-report';
import { UnparsedFragment, UnparsedKind } from '../unparsed-fragment';
import { CelExpr, CelScope, celFormula, claimReference, mappingFormula, parseCel } from './cel-formula';
import { lintEntry, lintUnusedProvider } from './entry-lint';
import { andWays, Conjunction, Formula, Opaque, toDnf, TooComplex, toWay, Way } from './formula';
import { PoolPrincipal, readPoolPrincipal } from './google-member';
import { issuerLookup } from './issuer-for-url';
import { childPath } from './json-path';
import { normalConditions } from './normal-form';
import { hasInterpolation, readTemplate, showTemplate } from './terraform-template';
import { asList, isObject, rawText } from './text';

/** Conjunctions a condition or mapping may expand to, and pairs of them an AND may form. */
const DNF_LIMIT = 256;
const AND_LIMIT = 1024;
const DEFAULT_SESSION = 3600;
const EXTENDED_SESSION = 43200;
const LIFETIME_CONSTRAINT = 'iam.allowServiceAccountCredentialLifetimeExtension';
const POOL = 'google_iam_workload_identity_pool';
const PROVIDER = 'google_iam_workload_identity_pool_provider';
/** The provider's own resource name, Google's default audience (with or without `https:`). */
const DEFAULT_AUDIENCE = /^(?:https:)?\/\/iam\.googleapis\.com\/projects\/[^/]+\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

/** One resource or data block of the configuration. */
interface Block {
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: { [key: string]: unknown };
  readonly path: string;
  readonly file: string;
}

interface PoolState {
  readonly id: string;
  readonly address?: string;
  readonly providers: ProviderState[];
}

interface ProviderState {
  readonly address: string;
  readonly file: string;
  readonly path: string;
  readonly poolId: string;
  readonly providerId: string;
  readonly project: string;
  readonly issuerUrl?: string;
  readonly audiences: string[];
  readonly admitsDefault: boolean;
  /** Entry-level fragments of the provider (issuer, audiences, mapping block). */
  readonly fragments: Opaque[];
  readonly mapping: Map<string, { readonly text: string; readonly source: SourceLocation; expr?: CelExpr; error?: string; parsed?: boolean }>;
  readonly condition?: { readonly text: string; readonly source: SourceLocation };
  readonly reviewed: ReviewedProvider;
  ways?: Way[];
  used: boolean;
}

/**
 * Reads Google Cloud workload identity federation from Terraform JSON configuration (cdktf
 * output or hand-written `*.tf.json`): pools, OIDC providers (issuer, audiences, attribute mapping
 * and condition, in CEL), and every IAM member or binding whose member is a principal of a pool.
 * Each binding becomes one entry per provider of the pool that can yield its principal. One pass
 * over the blocks; pools, providers and service accounts are looked up by address or ID.
 */
export function readTerraform(config: unknown, file: string): TrustReport {
  return readTerraformModule([{ config, file }]);
}

/**
 * Reads the files of one Terraform module together, as Terraform does: a pool in one file, the
 * provider in another and the bindings in a third are one configuration.
 */
export function readTerraformModule(files: Array<{ readonly config: unknown; readonly file: string }>): TrustReport {
  const blocks: Block[] = [];
  for (const { config, file } of files) {
    if (!isObject(config)) {
      throw reviewError(ReviewErrorCode.INVALID_TEMPLATE, `${file} is not Terraform JSON configuration: the document is ${Array.isArray(config) ? 'a list' : typeof config}, not an object.`, 'pass the configuration object (the content of a cdk.tf.json or *.tf.json file).');
    }
    blocks.push(...collect(config, 'resource', file), ...collect(config, 'data', file));
  }
  return new TerraformReader(blocks, files.map((f) => f.file)).read();
}

class TerraformReader {
  private readonly pools = new Map<string, PoolState>();
  private readonly poolByAddress = new Map<string, PoolState>();
  private readonly serviceAccounts = new Map<string, Block>();
  private readonly extendedLifetime = new Set<string>();
  private allExtended = false;
  private readonly issuerFor = issuerLookup();

  constructor(private readonly blocks: Block[], private readonly files: string[]) {}

  public read(): TrustReport {
    for (const b of this.blocks) {
      if (b.mode !== 'resource') continue;
      if (b.type === POOL) this.addPool(b);
      else if (b.type === 'google_service_account') this.serviceAccounts.set(b.name, b);
      else this.addLifetimePolicy(b);
    }
    for (const b of this.blocks) if (b.mode === 'resource' && b.type === PROVIDER) this.addProvider(b);
    const entries: TrustEntry[] = [];
    for (const b of this.blocks) {
      if (b.type === POOL || b.type === PROVIDER) continue;
      if (b.mode === 'resource' && /_iam_(member|binding)$/.test(b.type)) entries.push(...this.readBinding(b));
      else entries.push(...this.scanForPrincipals(b));
    }
    const findings: ReviewFinding[] = [];
    for (const pool of this.pools.values()) {
      for (const p of pool.providers) if (!p.used) findings.push(...lintUnusedProvider(p.reviewed));
    }
    return TrustReport.of(entries.map(lintEntry), { files: this.files, findings });
  }

  private addPool(b: Block): void {
    const id = literal(b.body.workload_identity_pool_id) ?? `${POOL}.${b.name}`;
    const pool = this.pool(id, `${POOL}.${b.name}`);
    this.poolByAddress.set(`${POOL}.${b.name}`, pool);
  }

  private pool(id: string, address?: string): PoolState {
    let pool = this.pools.get(id);
    if (!pool) {
      pool = { id, address, providers: [] };
      this.pools.set(id, pool);
    }
    return pool;
  }

  /** Resolves `${google_iam_workload_identity_pool.X.name|workload_identity_pool_id}` and the project number. */
  private readonly resolve = (expression: string): string | undefined => {
    const m = /^google_iam_workload_identity_pool\.([^.]+)\.(name|workload_identity_pool_id|id)$/.exec(expression);
    const pool = m ? this.poolByAddress.get(`${POOL}.${m[1]}`) : undefined;
    if (m && pool) return m[2] === 'workload_identity_pool_id' ? pool.id : `projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/${pool.id}`;
    if (/^data\.google_project\.[^.]+\.number$/.test(expression)) return 'PROJECT_NUMBER';
    return undefined;
  };

  private addProvider(b: Block): void {
    const address = `${PROVIDER}.${b.name}`;
    const fragments: Opaque[] = [];
    const poolRaw = b.body.workload_identity_pool_id;
    const poolId = this.resolvedText(poolRaw) ?? `(unresolved ${rawText(poolRaw)})`;
    const providerId = literal(b.body.workload_identity_pool_provider_id) ?? address;
    const project = literal(b.body.project) ?? 'PROJECT';
    const oidc = asList(b.body.oidc).find(isObject);
    const oidcPath = childPath(b.path, 'oidc') + (Array.isArray(b.body.oidc) ? '[0]' : '');
    let issuerUrl: string | undefined;
    if (!oidc) {
      const other = ['aws', 'saml', 'x509'].find((k) => b.body[k] !== undefined);
      fragments.push({ kind: UnparsedKind.UNKNOWN_TRUST, raw: rawText(other ? { [other]: b.body[other] } : b.body), reason: `The provider is not an OIDC provider${other ? ` (${other})` : ''}; the review models OIDC issuers only.`, source: at(b.file, b.path) });
    } else {
      issuerUrl = literal(oidc.issuer_uri);
      if (issuerUrl === undefined) {
        fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(oidc.issuer_uri), reason: 'The issuer URI is not a literal, so whose tokens the provider accepts is unknown.', source: at(b.file, childPath(oidcPath, 'issuer_uri')) });
      }
    }
    const audiences: string[] = [];
    let admitsDefault = true;
    const listed = oidc?.allowed_audiences;
    if (listed !== undefined && listed !== null && !Array.isArray(listed)) {
      fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(listed), reason: 'The allowed audiences are not a literal list.', source: at(b.file, childPath(oidcPath, 'allowed_audiences')) });
    } else if (Array.isArray(listed) && listed.length > 0) {
      admitsDefault = false;
      listed.forEach((a, i) => {
        const t = typeof a === 'string' ? readTemplate(a).text : undefined;
        const shown = t === undefined ? rawText(a) : showTemplate(t);
        const withRefs = t?.replace(/\uE000([^\uE001]*)\uE001/g, (whole, e: string) => this.resolve(e) ?? whole);
        const d = withRefs === undefined ? null : DEFAULT_AUDIENCE.exec(withRefs);
        if (d && d[1] === poolId && d[2] === providerId) {
          admitsDefault = true;
          return;
        }
        audiences.push(shown);
        if (t === undefined || hasInterpolation(t)) {
          fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: shown, reason: 'An allowed audience is not a literal.', source: at(b.file, childPath(childPath(oidcPath, 'allowed_audiences'), i)) });
        }
      });
    }
    const mapping = new Map<string, { text: string; source: SourceLocation }>();
    const mappingPath = childPath(b.path, 'attribute_mapping');
    if (isObject(b.body.attribute_mapping)) {
      for (const [k, v] of Object.entries(b.body.attribute_mapping)) {
        if (typeof v === 'string') mapping.set(k, { text: readTemplate(v).text, source: at(b.file, childPath(mappingPath, k)) });
      }
    } else if (b.body.attribute_mapping !== undefined && b.body.attribute_mapping !== null) {
      fragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(b.body.attribute_mapping), reason: 'The attribute mapping is not a literal object, so which attributes tokens get is unknown.', source: at(b.file, mappingPath) });
    }
    const conditionRaw = b.body.attribute_condition;
    const condition = typeof conditionRaw === 'string' && conditionRaw.trim() !== ''
      ? { text: readTemplate(conditionRaw).text, source: at(b.file, childPath(b.path, 'attribute_condition')) } : undefined;
    const state: ProviderState = {
      address,
      file: b.file,
      path: b.path,
      poolId,
      providerId,
      project,
      issuerUrl,
      audiences,
      admitsDefault,
      fragments,
      mapping,
      condition,
      reviewed: { address, issuerUrl, poolId, providerId, hasAttributeCondition: condition !== undefined, source: at(b.file, b.path) },
      used: false,
    };
    this.pool(poolId).providers.push(state);
  }

  private addLifetimePolicy(b: Block): void {
    if (b.type === 'google_org_policy_policy') {
      const name = literal(b.body.name) ?? '';
      if (!name.endsWith(`/policies/${LIFETIME_CONSTRAINT}`)) return;
      for (const spec of asList(b.body.spec).filter(isObject)) {
        for (const rule of asList(spec.rules).filter(isObject)) {
          if (rule.allow_all === 'TRUE' || rule.allow_all === true) this.allExtended = true;
          for (const values of asList(rule.values).filter(isObject)) {
            for (const v of asList(values.allowed_values)) if (typeof v === 'string') this.extendedLifetime.add(v.replace(/^serviceAccount:/, ''));
          }
        }
      }
    } else if (/^google_(organization|folder|project)_organization_policy$/.test(b.type)) {
      if (!(literal(b.body.constraint) ?? '').endsWith(LIFETIME_CONSTRAINT)) return;
      for (const policy of asList(b.body.list_policy).filter(isObject)) {
        for (const allow of asList(policy.allow).filter(isObject)) {
          if (allow.all === true) this.allExtended = true;
          for (const v of asList(allow.values)) if (typeof v === 'string') this.extendedLifetime.add(v.replace(/^serviceAccount:/, ''));
        }
      }
    }
  }

  private readBinding(b: Block): TrustEntry[] {
    const isMember = b.type.endsWith('_iam_member');
    const members = isMember ? [b.body.member] : asList(b.body.members);
    const role = literal(b.body.role) ?? rawText(b.body.role);
    const base = this.identityBase(b, role);
    const bindingFragments: Opaque[] = [];
    if (b.body.condition !== undefined && b.body.condition !== null) {
      bindingFragments.push({ kind: UnparsedKind.OPAQUE_CEL, raw: rawText(b.body.condition), reason: 'The binding has an IAM condition (on request attributes such as time or resource); the review leaves it out, so the binding may admit less than reported.', source: at(b.file, childPath(b.path, 'condition')) });
    }
    const entries: TrustEntry[] = [];
    members.forEach((m, i) => {
      if (typeof m !== 'string') return;
      const principal = readPoolPrincipal(m, this.resolve);
      if (!principal) return;
      const path = isMember ? childPath(b.path, 'member') : childPath(childPath(b.path, 'members'), i);
      entries.push(...this.entriesFor({ ...base, member: principal.member }, principal, at(b.file, path), bindingFragments));
    });
    return entries;
  }

  /** Pool principals in blocks the review has no model for (policy documents, custom resources). */
  private scanForPrincipals(b: Block): TrustEntry[] {
    const entries: TrustEntry[] = [];
    const walk = (value: unknown, path: string, role: string | undefined): void => {
      if (typeof value === 'string') {
        const principal = readPoolPrincipal(value, this.resolve);
        if (principal) {
          const address = `${b.mode === 'data' ? 'data.' : ''}${b.type}.${b.name}`;
          const identity: ReviewedIdentity = { kind: IdentityKind.GOOGLE_PRINCIPAL_SET, name: `${role ?? 'a grant'} in ${address}`, address, role, member: principal.member };
          entries.push(...this.entriesFor(identity, principal, at(b.file, path), []));
        }
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, childPath(path, i), role));
      } else if (isObject(value)) {
        const r = literal(value.role) ?? role;
        for (const [k, v] of Object.entries(value)) if (!k.startsWith('//')) walk(v, childPath(path, k), r);
      }
    };
    walk(b.body, b.path, undefined);
    return entries;
  }

  private identityBase(b: Block, role: string): ReviewedIdentity {
    const address = `${b.type}.${b.name}`;
    if (b.type.startsWith('google_service_account_iam_')) {
      const serviceAccount = this.serviceAccountOf(b.body.service_account_id);
      return { kind: IdentityKind.GOOGLE_SERVICE_ACCOUNT, name: serviceAccount, address, serviceAccount, role };
    }
    if (b.type.startsWith('google_project_iam_')) {
      const project = this.resolvedText(b.body.project) ?? rawText(b.body.project ?? '(provider default project)');
      return { kind: IdentityKind.GOOGLE_PROJECT_ROLE, name: `${role} on projects/${project}`, address, project, role };
    }
    return { kind: IdentityKind.GOOGLE_RESOURCE_ROLE, name: `${role} on ${address}`, address, role };
  }

  /** The service account's email where it can be worked out, else the text as written. */
  private serviceAccountOf(value: unknown): string {
    if (typeof value !== 'string') return rawText(value);
    const t = readTemplate(value);
    const ref = /^\uE000google_service_account\.([^.]+)\.(name|id|email|member)\uE001$/.exec(t.text);
    if (ref) {
      const sa = this.serviceAccounts.get(ref[1]);
      const accountId = sa ? literal(sa.body.account_id) : undefined;
      const project = sa ? literal(sa.body.project) : undefined;
      return accountId && project ? `${accountId}@${project}.iam.gserviceaccount.com` : `google_service_account.${ref[1]}`;
    }
    const shown = showTemplate(t.text);
    const m = /^projects\/[^/]+\/serviceAccounts\/(.+)$/.exec(shown);
    return m ? m[1] : shown;
  }

  private entriesFor(identity: ReviewedIdentity, principal: PoolPrincipal, source: SourceLocation, extra: Opaque[]): TrustEntry[] {
    const session = this.session(identity);
    const common = {
      cloud: TargetCloud.GOOGLE_CLOUD,
      identity,
      federated: true,
      source,
      maxSessionSeconds: session.seconds,
      maxSessionNote: session.note,
    };
    const pool = principal.poolId === undefined ? undefined : this.pools.get(principal.poolId);
    if (!pool || pool.providers.length === 0) {
      const why = principal.poolId === undefined ? 'the pool of the principal cannot be resolved' : pool ? `pool ${principal.poolId} has no provider in the reviewed input` : `pool ${principal.poolId} is not in the reviewed input`;
      return [TrustEntry.of({
        ...common,
        principal: principal.member,
        unparsed: [...extra, { kind: UnparsedKind.UNKNOWN_TRUST, raw: principal.member, reason: `Who this principal admits cannot be read: ${why}.`, source }].map(place),
      })];
    }
    const entries: TrustEntry[] = [];
    for (const provider of pool.providers) {
      const mapped = this.mappedWays(provider, principal, source);
      if (mapped === undefined) continue;
      provider.used = true;
      let ways: Way[];
      const fragments: Opaque[] = [...extra, ...provider.fragments];
      try {
        ways = andWays(this.conditionWays(provider), mapped, AND_LIMIT);
      } catch (e) {
        if (!(e instanceof TooComplex)) throw e;
        ways = mapped;
        fragments.push({ kind: UnparsedKind.TOO_COMPLEX, raw: provider.condition?.text ?? '', reason: 'The provider condition and the mapping expand to too many combinations; the rules below leave the provider condition out.', source: provider.condition?.source ?? at(provider.file, provider.path) });
      }
      const rules: ReviewedRule[] = [];
      const unparsed: UnparsedFragment[] = fragments.map(place);
      ways.forEach((w, i) => {
        rules.push({ rule: ruleOf(w), exact: w.opaque.length === 0, source: w.source ?? source });
        unparsed.push(...w.opaque.map((o) => place(o, i)));
      });
      entries.push(TrustEntry.of({
        ...common,
        principal: `projects/${provider.project}/locations/global/workloadIdentityPools/${provider.poolId}/providers/${provider.providerId}`,
        issuerUrl: provider.issuerUrl,
        issuer: provider.issuerUrl ? this.issuerFor(provider.issuerUrl, provider.audiences) : undefined,
        provider: provider.reviewed,
        audiences: provider.audiences,
        admitsTargetDefaultAudience: provider.admitsDefault,
        checksAudience: true,
        rules,
        unparsed,
      }));
    }
    if (entries.length === 0) {
      // No provider of the pool yields this principal: the binding admits no token from them.
      return [TrustEntry.of({ ...common, principal: principal.member, unparsed: extra.map(place) })];
    }
    return entries;
  }

  /** The ways the provider's mapping yields the principal, or undefined when it never can. */
  private mappedWays(provider: ProviderState, principal: PoolPrincipal, source: SourceLocation): Way[] | undefined {
    const target = principal.target;
    const opaqueWay = (o: Opaque): Way[] => [toWay({ conditions: [], guards: [], opaque: [o], source })];
    if (target.kind === 'all') return [toWay({ conditions: [], guards: [], opaque: [] })];
    if (target.kind === 'other') return opaqueWay({ kind: UnparsedKind.UNKNOWN_TRUST, raw: principal.member, reason: 'The principal does not name an attribute, a subject, a group or the whole pool.', source });
    const attribute = target.kind === 'attribute' ? `attribute.${target.attribute}` : target.kind === 'subject' ? 'google.subject' : 'google.groups';
    const mapping = provider.mapping.get(attribute);
    if (!mapping) return undefined;
    const where = mapping.source;
    if (principal.valueUnresolved) return opaqueWay({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: principal.member, reason: 'The principal\'s value is a Terraform reference, so which tokens it admits cannot be read.', source });
    if (target.kind === 'group') return opaqueWay({ kind: UnparsedKind.OPAQUE_MAPPING, raw: `${attribute} = ${showTemplate(mapping.text)}`, reason: `Group membership (${target.value}) depends on the token's group list, which the rules cannot express.`, source: where });
    const expr = this.parsedMapping(mapping);
    if (!expr) return opaqueWay({ kind: hasInterpolation(mapping.text) ? UnparsedKind.UNRESOLVED_REFERENCE : UnparsedKind.OPAQUE_MAPPING, raw: showTemplate(mapping.text), reason: `The mapping of ${attribute} cannot be read (${mapping.error}).`, source: where });
    return this.ways(mappingFormula(expr, target.value, where), where);
  }

  private parsedMapping(m: { text: string; expr?: CelExpr; error?: string; parsed?: boolean }): CelExpr | undefined {
    if (!m.parsed) {
      m.parsed = true;
      if (hasInterpolation(m.text)) {
        m.error = 'it holds a Terraform reference';
      } else {
        const p = parseCel(m.text);
        m.expr = p.expr;
        m.error = p.error;
      }
    }
    return m.expr;
  }

  /** The provider condition's ways, computed once per provider. */
  private conditionWays(provider: ProviderState): Way[] {
    if (provider.ways) return provider.ways;
    const condition = provider.condition;
    if (!condition) {
      provider.ways = [toWay({ conditions: [], guards: [], opaque: [] })];
      return provider.ways;
    }
    const where = condition.source;
    const opaque = (kind: UnparsedKind, reason: string): Way[] =>
      [toWay({ conditions: [], guards: [], opaque: [{ kind, raw: showTemplate(condition.text), reason, source: where }], source: where })];
    if (hasInterpolation(condition.text)) {
      provider.ways = opaque(UnparsedKind.UNRESOLVED_REFERENCE, 'The attribute condition holds a Terraform reference, so it cannot be read.');
      return provider.ways;
    }
    const parsed = parseCel(condition.text);
    if (!parsed.expr) {
      provider.ways = opaque(UnparsedKind.OPAQUE_CEL, `The attribute condition is not valid CEL: ${parsed.error}`);
      return provider.ways;
    }
    const scope: CelScope = { claimOfAttribute: (attribute) => this.claimOfAttribute(provider, attribute) };
    provider.ways = this.ways(celFormula(parsed.expr, scope, where), where);
    return provider.ways;
  }

  private ways(formula: Formula, where: SourceLocation): Way[] {
    let dnf: Conjunction[];
    try {
      dnf = toDnf(formula, DNF_LIMIT, where);
    } catch (e) {
      if (!(e instanceof TooComplex)) throw e;
      return [toWay({ conditions: [], guards: [], opaque: [{ kind: UnparsedKind.TOO_COMPLEX, raw: '(expression)', reason: `The expression expands to more than ${DNF_LIMIT} alternatives; the review does not expand it.`, source: where }], source: where })];
    }
    return dnf.map(toWay);
  }

  /** The claim an attribute holds, when the provider maps it to a plain claim. */
  private claimOfAttribute(provider: ProviderState, attribute: string): string | undefined {
    const m = provider.mapping.get(attribute);
    const expr = m ? this.parsedMapping(m) : undefined;
    return expr ? claimReference(expr) : undefined;
  }

  private session(identity: ReviewedIdentity): { seconds: number; note: string } {
    if (identity.kind === IdentityKind.GOOGLE_SERVICE_ACCOUNT && identity.serviceAccount !== undefined
      && (this.allExtended || this.extendedLifetime.has(identity.serviceAccount))) {
      return { seconds: EXTENDED_SESSION, note: `the organisation policy ${LIFETIME_CONSTRAINT} allows this service account tokens of up to 12 hours` };
    }
    return { seconds: DEFAULT_SESSION, note: 'Google default: access tokens last at most 1 hour (no lifetime extension policy for this identity in the reviewed input)' };
  }

  /** A string field as text, with the pool references of the input substituted; undefined when it holds other references. */
  private resolvedText(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const t = readTemplate(value).text.replace(/\uE000([^\uE001]*)\uE001/g, (whole, e: string) => this.resolve(e) ?? whole);
    return hasInterpolation(t) ? undefined : t;
  }
}

function at(file: string, jsonPath: string): SourceLocation {
  return { file, jsonPath };
}

/** The literal value of a string field (no interpolation), with Terraform escapes removed. */
function literal(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = readTemplate(value).text;
  return hasInterpolation(t) ? undefined : t;
}

function place(o: Opaque, ruleIndex?: number): UnparsedFragment {
  return { kind: o.kind, raw: o.raw, reason: o.reason, source: o.source, ruleIndex };
}

function ruleOf(w: Way): TrustRule | undefined {
  if (w.conditions.length === 0) return undefined;
  return TrustRule.allOf(...normalConditions(w.conditions) ?? w.conditions);
}

/** Every resource or data block, in document order, also in Terraform JSON's list forms. */
function collect(config: { [key: string]: unknown }, mode: 'resource' | 'data', file: string): Block[] {
  const out: Block[] = [];
  const each = (value: unknown, path: string, fn: (o: { [key: string]: unknown }, p: string) => void) => {
    if (Array.isArray(value)) value.forEach((v, i) => isObject(v) && fn(v, childPath(path, i)));
    else if (isObject(value)) fn(value, path);
  };
  each(config[mode], mode, (types, p1) => {
    for (const [type, named] of Object.entries(types)) {
      if (type.startsWith('//')) continue;
      each(named, childPath(p1, type), (names, p2) => {
        for (const [name, body] of Object.entries(names)) {
          if (name.startsWith('//')) continue;
          each(body, childPath(p2, name), (b, p3) => out.push({ mode, type, name, body: b, path: p3, file }));
        }
      });
    }
  });
  return out;
}
