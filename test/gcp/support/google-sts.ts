/**
 * A model of Google Cloud's token exchange for workload identity federation, for tests: given the
 * Terraform JSON that cdktf synthesizes, it decides what Google STS and IAM would do with an OIDC
 * token presented to a workload identity pool provider, and which principal identifiers the
 * federated identity then belongs to.
 *
 * Written from FACTS.md ("Google Cloud: Workload Identity Federation") and Terraform's template
 * rules, NOT from src: it reads only the synthesized JSON, and judges CEL with the independent
 * interpreter in cel-evaluator.ts. The steps, in Google's order:
 *
 * 1. Terraform turns every JSON string into a template: `$${` stands for `${`, `%%{` for `%{`, and
 *    a bare `${...}` is an interpolation. The model resolves the only references it knows (the
 *    project number of `data.google_project`, the `name` of a `google_iam_workload_identity_pool`)
 *    and throws {@link TerraformTemplateError} on any other interpolation or on a `%{` directive,
 *    as such a string would not reach Google as written.
 * 2. The provider configuration must be one Google accepts (FACTS.md limits: `google.subject`
 *    mapped, at most 50 custom attributes with keys of `[a-z0-9_]` up to 100 characters, each
 *    mapping at most 2,048 characters and all together at most 8 KB, a condition of at most 4,096
 *    characters, at most 10 allowed audiences of at most 256 characters); otherwise
 *    {@link GoogleConfigError}.
 * 3. The token's `iss`, when present, must equal `oidc.issuer_uri`; a disabled pool or provider
 *    accepts nothing.
 * 4. Audience: with an empty `allowed_audiences`, some `aud` of the token (a string, or an element
 *    of a list) must equal the provider's canonical name
 *    `//iam.googleapis.com/projects/NUM/locations/global/workloadIdentityPools/POOL/providers/PROV`,
 *    with or without the `https:` prefix; otherwise some `aud` must be one of `allowed_audiences`.
 * 5. Every attribute mapping is evaluated over `assertion` (the claims). Any error fails the
 *    exchange. `google.subject` must be a non-empty string of at most 127 bytes (UTF-8); custom
 *    attributes must be strings (or lists of strings).
 * 6. `attribute_condition`, when set, must evaluate to `true` with `assertion`, `google` and
 *    `attribute`; `false`, an error or a non-boolean refuses the token.
 * 7. Then IAM: `principalSet://iam.googleapis.com/<pool name>/attribute.NAME/VALUE` holds the
 *    identity iff its attribute NAME equals VALUE (or contains it, for a list);
 *    `principal://.../subject/S` iff `google.subject` is S; `principalSet://.../group/G` iff
 *    `google.groups` contains G; `principalSet://<pool name>/*` always. The pool must be the
 *    provider's.
 */
import { celEval } from './cel-evaluator';

/** Token claims as JSON: any value, `aud` a string or a list. */
export type Claims = { [claim: string]: unknown };

/** What the model needs to know that the configuration does not say. */
export interface GoogleStsOptions {
  /** The project number Google assigned to every project of the configuration. */
  readonly projectNumber: string;
}

/** A string Terraform would not pass to Google as written (interpolation or directive). */
export class TerraformTemplateError extends Error {}

/** A provider configuration Google would refuse (FACTS.md limits). */
export class GoogleConfigError extends Error {}

/** The outcome of presenting a token to a provider. */
export interface Exchange {
  /** Whether STS issued a federated token. */
  readonly exchanged: boolean;
  /** Why not, or `exchanged`. */
  readonly reason: string;
  /** The provider's pool, `projects/NUM/locations/global/workloadIdentityPools/POOL`. */
  readonly pool: string;
  /** The mapped `google.*` attributes (`subject`, `groups`, ...), when the mappings ran. */
  readonly google: { [name: string]: unknown };
  /** The mapped custom attributes, by name without the `attribute.` prefix. */
  readonly attribute: { [name: string]: unknown };
}

/** A provider as Google holds it once Terraform has applied the configuration. */
export interface ProviderModel {
  /** The Terraform resource key. */
  readonly key: string;
  /** `projects/NUM/locations/global/workloadIdentityPools/POOL/providers/PROV`. */
  readonly name: string;
  /** `projects/NUM/locations/global/workloadIdentityPools/POOL`. */
  readonly pool: string;
  readonly issuerUri: string;
  /** `oidc.allowed_audiences`, resolved (empty: the canonical name is required). */
  readonly allowedAudiences: string[];
  /** The attribute mappings, resolved: key (`google.subject`, `attribute.x`) to CEL. */
  readonly mapping: { [key: string]: string };
  /** The attribute condition, resolved (undefined: every valid token is accepted). */
  readonly condition?: string;
  /** Whether the provider or its pool is disabled. */
  readonly disabled: boolean;
}

const MAX_SUBJECT_BYTES = 127;
const MAX_CUSTOM_ATTRIBUTES = 50;
const MAX_MAPPING_CHARS = 2048;
const MAX_MAPPINGS_BYTES = 8192;
const MAX_CONDITION_CHARS = 4096;
const MAX_AUDIENCES = 10;
const MAX_AUDIENCE_CHARS = 256;
const ATTRIBUTE_KEY = /^attribute\.[a-z0-9_]{1,100}$/;
const GOOGLE_KEYS = new Set(['google.subject', 'google.groups', 'google.display_name']);

/**
 * Terraform's reading of a string of JSON configuration: a template in which `$${` and `%%{` are
 * the literal `${` and `%{`, `${ REF }` is an interpolation (resolved by `resolve`, which returns
 * undefined for references it does not know) and `%{` starts a directive. A `$` or `%` before
 * anything but `{` is itself. Scans left to right like HCL's template scanner, so `$$${` is a
 * literal `$` then the escape `$${`.
 */
export function terraformString(text: string, resolve: (reference: string) => string | undefined = () => undefined): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += `${text[i]}{`;
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      const reference = end < 0 ? undefined : text.slice(i + 2, end).trim();
      const value = reference === undefined ? undefined : resolve(reference);
      if (value === undefined) {
        throw new TerraformTemplateError(`Terraform would interpolate ${JSON.stringify(text.slice(i, end < 0 ? undefined : end + 1))} in ${JSON.stringify(text)}`);
      }
      out += value;
      i = end + 1;
    } else if (text.startsWith('%{', i)) {
      throw new TerraformTemplateError(`Terraform would read a template directive at ${JSON.stringify(text.slice(i, i + 12))} in ${JSON.stringify(text)}`);
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Characters as Google counts them for expression limits: Unicode code points. */
function chars(text: string): number {
  return Array.from(text).length;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The Google model over one synthesized Terraform configuration. */
export class GoogleSts {
  /** The audiences Google accepts by default for a provider: its canonical name, with or without `https:`. */
  public static defaultAudiences(providerName: string): string[] {
    return [`//iam.googleapis.com/${providerName}`, `https://iam.googleapis.com/${providerName}`];
  }

  /** The configuration's providers, resolved. */
  public readonly providers: ProviderModel[];
  private readonly tf: any;
  private readonly projectNumber: string;

  /** @param tf the parsed Terraform JSON (`JSON.parse(Testing.synth(stack, true))`) */
  constructor(tf: any, options: GoogleStsOptions) {
    this.tf = tf;
    this.projectNumber = options.projectNumber;
    const providers = tf?.resource?.google_iam_workload_identity_pool_provider ?? {};
    this.providers = Object.entries<any>(providers).map(([key, p]) => this.readProvider(key, p));
  }

  /** The only provider of the configuration (throws when there is not exactly one). */
  public get provider(): ProviderModel {
    if (this.providers.length !== 1) throw new Error(`expected one workload identity pool provider, found ${this.providers.length}`);
    return this.providers[0];
  }

  /** Terraform's value of a string of this configuration, with the references the model knows. */
  public resolve(text: string): string {
    return terraformString(text, (reference) => this.reference(reference));
  }

  /** Presents a token to a provider (by default the only one). */
  public exchange(claims: Claims, provider: ProviderModel = this.provider): Exchange {
    const google: { [name: string]: unknown } = {};
    const attribute: { [name: string]: unknown } = {};
    const refuse = (reason: string): Exchange => ({ exchanged: false, reason, pool: provider.pool, google, attribute });
    if (provider.disabled) return refuse('the provider or its pool is disabled');
    if (Object.prototype.hasOwnProperty.call(claims, 'iss') && claims.iss !== provider.issuerUri) {
      return refuse(`iss ${JSON.stringify(claims.iss)} is not the provider's issuer ${provider.issuerUri}`);
    }
    const accepted = provider.allowedAudiences.length > 0 ? provider.allowedAudiences : GoogleSts.defaultAudiences(provider.name);
    const aud = claims.aud;
    const tokenAudiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (!tokenAudiences.some((a) => typeof a === 'string' && accepted.includes(a))) {
      return refuse(`aud ${JSON.stringify(aud)} is not one of ${JSON.stringify(accepted)}`);
    }
    const assertion = jsonToCel(claims) as Map<string, unknown>;
    for (const [key, expression] of Object.entries(provider.mapping)) {
      const outcome = celEval(expression, { assertion: assertion as any });
      if (outcome.error !== undefined) return refuse(`mapping ${key} failed: ${outcome.error}`);
      const value = outcome.value;
      const [space, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
      if (key === 'google.subject') {
        if (typeof value !== 'string' || value.length === 0) return refuse(`google.subject is ${JSON.stringify(value)}, not a non-empty string`);
        if (bytes(value) > MAX_SUBJECT_BYTES) return refuse(`google.subject has ${bytes(value)} bytes; Google allows ${MAX_SUBJECT_BYTES}`);
      } else if (!(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) {
        return refuse(`mapping ${key} gave ${typeof value}, not a string`);
      }
      (space === 'google' ? google : attribute)[name] = value;
    }
    if (provider.condition !== undefined) {
      const outcome = celEval(provider.condition, { assertion: assertion as any, google, attribute });
      if (outcome.error !== undefined) return refuse(`attribute_condition failed: ${outcome.error}`);
      if (outcome.value !== true) return refuse(`attribute_condition is ${JSON.stringify(outcome.value)}`);
    }
    return { exchanged: true, reason: 'exchanged', pool: provider.pool, google, attribute };
  }

  /**
   * Whether the identity of an exchange is a member of `member` as written in the configuration
   * (e.g. an IAM binding's `member`, or a Terraform output's value).
   */
  public isMember(exchange: Exchange, member: string): boolean {
    if (!exchange.exchanged) return false;
    const resolved = this.resolve(member);
    const m = /^(principal|principalSet):\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/(.*)$/s.exec(resolved);
    if (!m) throw new Error(`not a workload identity principal: ${JSON.stringify(resolved)}`);
    const [, kind, pool, rest] = m;
    if (pool !== exchange.pool) return false;
    if (kind === 'principal') {
      return rest.startsWith('subject/') && exchange.google.subject === rest.slice('subject/'.length);
    }
    if (rest === '*') return true;
    if (rest.startsWith('group/')) {
      const groups = exchange.google.groups;
      return Array.isArray(groups) && groups.includes(rest.slice('group/'.length));
    }
    const a = /^attribute\.([a-z0-9_]+)\/(.*)$/s.exec(rest);
    if (!a) throw new Error(`unknown principalSet form: ${JSON.stringify(resolved)}`);
    const value = exchange.attribute[a[1]];
    return Array.isArray(value) ? value.includes(a[2]) : value === a[2];
  }

  private readProvider(key: string, p: any): ProviderModel {
    const where = `google_iam_workload_identity_pool_provider.${key}`;
    const project = this.resolve(String(p.project));
    const poolId = this.resolve(String(p.workload_identity_pool_id));
    const providerId = this.resolve(String(p.workload_identity_pool_provider_id));
    const pool = `projects/${this.numberOf(project)}/locations/global/workloadIdentityPools/${poolId}`;
    const poolResource = this.poolResource(pool);
    if (!poolResource) throw new GoogleConfigError(`${where}: pool ${poolId} of project ${project} is not in the configuration`);
    if (!p.oidc || typeof p.oidc.issuer_uri !== 'string') throw new GoogleConfigError(`${where}: no oidc.issuer_uri`);
    const mapping: { [key: string]: string } = {};
    for (const [k, v] of Object.entries<any>(p.attribute_mapping ?? {})) mapping[this.resolve(k)] = this.resolve(String(v));
    const condition = p.attribute_condition === undefined || p.attribute_condition === '' ? undefined : this.resolve(String(p.attribute_condition));
    const allowedAudiences = (p.oidc.allowed_audiences ?? []).map((a: unknown) => this.resolve(String(a)));
    const model: ProviderModel = {
      key,
      name: `${pool}/providers/${providerId}`,
      pool,
      issuerUri: this.resolve(p.oidc.issuer_uri),
      allowedAudiences,
      mapping,
      condition,
      disabled: p.disabled === true || poolResource.disabled === true,
    };
    checkLimits(where, model);
    return model;
  }

  /** The pool resource whose resource name is `pool`, if the configuration has it. */
  private poolResource(pool: string): any {
    const pools = this.tf?.resource?.google_iam_workload_identity_pool ?? {};
    return Object.values<any>(pools).find((r) => `projects/${this.numberOf(this.resolve(String(r.project)))}/locations/global/workloadIdentityPools/${this.resolve(String(r.workload_identity_pool_id))}` === pool);
  }

  private numberOf(_project: string): string {
    return this.projectNumber;
  }

  /** The value of a Terraform reference the model knows, or undefined. */
  private reference(reference: string): string | undefined {
    const data = /^data\.google_project\.([A-Za-z0-9_-]+)\.number$/.exec(reference);
    if (data) {
      const d = this.tf?.data?.google_project?.[data[1]];
      return d ? this.numberOf(String(d.project_id)) : undefined;
    }
    const pool = /^google_iam_workload_identity_pool\.([A-Za-z0-9_-]+)\.name$/.exec(reference);
    if (pool) {
      const r = this.tf?.resource?.google_iam_workload_identity_pool?.[pool[1]];
      return r ? `projects/${this.numberOf(this.resolve(String(r.project)))}/locations/global/workloadIdentityPools/${this.resolve(String(r.workload_identity_pool_id))}` : undefined;
    }
    return undefined;
  }
}

/**
 * JSON claims as CEL input: objects become Maps, so that any claim name is a plain map key (the
 * library reads a plain object's `constructor` to recognise it, which a claim named `constructor`
 * would shadow).
 */
function jsonToCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonToCel);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, jsonToCel(v)]));
  return value;
}

function checkLimits(where: string, p: ProviderModel): void {
  const refuse = (why: string) => {
    throw new GoogleConfigError(`${where}: ${why}`);
  };
  if (!('google.subject' in p.mapping)) refuse('google.subject is not mapped');
  const keys = Object.keys(p.mapping);
  const bad = keys.filter((k) => !GOOGLE_KEYS.has(k) && !ATTRIBUTE_KEY.test(k));
  if (bad.length > 0) refuse(`invalid mapping keys ${JSON.stringify(bad)}`);
  const custom = keys.filter((k) => k.startsWith('attribute.')).length;
  if (custom > MAX_CUSTOM_ATTRIBUTES) refuse(`${custom} custom attributes; Google allows ${MAX_CUSTOM_ATTRIBUTES}`);
  for (const [k, v] of Object.entries(p.mapping)) if (chars(v) > MAX_MAPPING_CHARS) refuse(`mapping ${k} has ${chars(v)} characters; Google allows ${MAX_MAPPING_CHARS}`);
  const total = Object.entries(p.mapping).reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
  if (total > MAX_MAPPINGS_BYTES) refuse(`mappings take ${total} bytes; Google allows ${MAX_MAPPINGS_BYTES}`);
  if (p.condition !== undefined && chars(p.condition) > MAX_CONDITION_CHARS) refuse(`attribute_condition has ${chars(p.condition)} characters; Google allows ${MAX_CONDITION_CHARS}`);
  if (p.allowedAudiences.length > MAX_AUDIENCES) refuse(`${p.allowedAudiences.length} allowed audiences; Google allows ${MAX_AUDIENCES}`);
  for (const a of p.allowedAudiences) if (chars(a) > MAX_AUDIENCE_CHARS) refuse(`allowed audience ${JSON.stringify(a)} is over ${MAX_AUDIENCE_CHARS} characters`);
}
