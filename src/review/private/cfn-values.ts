import { isObject } from './text';

/** A CloudFormation value read as text. */
export interface ResolvedText {
  /** The text, with placeholders (`ACCOUNT`, `REGION`, ...) for what only deployment knows. */
  readonly text: string;
  /** Whether the text is exactly what CloudFormation will use (no placeholder, no parameter default). */
  readonly exact: boolean;
  /** The logical IDs of the resources the value refers to. */
  readonly refs: string[];
}

/** Resource types whose `Ref` and `Arn` are an IAM OIDC provider ARN, with the issuer in `Url`. */
const OIDC_PROVIDER_TYPES = new Set(['AWS::IAM::OIDCProvider', 'Custom::AWSCDKOpenIdConnectProvider']);

/** Stand-ins for pseudo parameters; the partition and URL suffix keep ARNs parseable. */
const PSEUDO: { [name: string]: string } = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': 'ACCOUNT',
  'AWS::Region': 'REGION',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'STACK',
  'AWS::StackId': 'STACK_ID',
};

const MAX_DEPTH = 16;

/**
 * Reads CloudFormation values (strings and the intrinsics that build strings: `Ref`, `Fn::GetAtt`,
 * `Fn::Join`, `Fn::Sub`, `Fn::If` with equal branches) against the template's resources and
 * parameters. Resources are looked up by logical ID in the template's own object: no scans.
 */
export class CfnValues {
  private readonly resources: { [id: string]: unknown };
  private readonly parameters: { [id: string]: unknown };
  /** Texts of the objects read so far: a role's principal is read for its group and its size. */
  private readonly texts = new WeakMap<object, ResolvedText | undefined>();
  /**
   * The last whole value read and its text: the roles of a template repeat the same principal
   * (`Fn::Join` of the partition and the provider ARN) in objects of their own, and comparing the
   * data is cheaper than joining it again.
   */
  private lastValue?: object;
  private lastText?: ResolvedText;

  constructor(template: { [key: string]: unknown }) {
    this.resources = isObject(template.Resources) ? template.Resources : {};
    this.parameters = isObject(template.Parameters) ? template.Parameters : {};
  }

  /** The resource with this logical ID, when it is an object. */
  public resource(id: string): { [key: string]: unknown } | undefined {
    const r = Object.prototype.hasOwnProperty.call(this.resources, id) ? this.resources[id] : undefined;
    return isObject(r) ? r : undefined;
  }

  /** Whether the resource is an IAM OIDC provider (native or the CDK custom resource). */
  public isOidcProvider(id: string): boolean {
    const type = this.resource(id)?.Type;
    return typeof type === 'string' && OIDC_PROVIDER_TYPES.has(type);
  }

  /** The value as text, or undefined when it cannot be known from the template. */
  public text(value: unknown, depth = 0): ResolvedText | undefined {
    if (typeof value === 'string') return { text: value, exact: true, refs: [] };
    if (!isObject(value) || depth > MAX_DEPTH) return undefined;
    // Nested reads depend on their depth (the limit), so only whole values are remembered.
    if (depth > 0) return this.intrinsic(value, depth);
    if (this.texts.has(value)) return this.texts.get(value);
    // The text is a function of the data alone (the template is fixed): equal data, equal text.
    const text = this.lastValue !== undefined && sameData(this.lastValue, value, 0) ? this.lastText : this.intrinsic(value, 0);
    this.texts.set(value, text);
    this.lastValue = value;
    this.lastText = text;
    return text;
  }

  /** The text an intrinsic function (an object with one key) produces. */
  private intrinsic(value: { [key: string]: unknown }, depth: number): ResolvedText | undefined {
    const keys = Object.keys(value);
    if (keys.length !== 1) return undefined;
    const fn = keys[0];
    const arg = value[fn];
    switch (fn) {
      case 'Ref': return typeof arg === 'string' ? this.ref(arg, depth) : undefined;
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split(/\.(.*)/s) : [];
        return typeof id === 'string' && attr === 'Arn' && this.isOidcProvider(id) ? this.providerArn(id, depth) : undefined;
      }
      case 'Fn::Join': return this.join(arg, depth);
      case 'Fn::Sub': return this.sub(arg, depth);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) return undefined;
        const a = this.text(arg[1], depth + 1);
        const b = this.text(arg[2], depth + 1);
        return a && b && a.text === b.text ? { text: a.text, exact: a.exact && b.exact, refs: [...a.refs, ...b.refs] } : undefined;
      }
      default: return undefined;
    }
  }

  /** The issuer URL of a provider resource, when its `Url` can be read. */
  public providerUrl(id: string, depth = 0): ResolvedText | undefined {
    const props = this.resource(id)?.Properties;
    return isObject(props) ? this.text(props.Url, depth + 1) : undefined;
  }

  private ref(name: string, depth: number): ResolvedText | undefined {
    if (Object.prototype.hasOwnProperty.call(PSEUDO, name)) return { text: PSEUDO[name], exact: false, refs: [] };
    if (this.isOidcProvider(name)) return this.providerArn(name, depth);
    const param = Object.prototype.hasOwnProperty.call(this.parameters, name) ? this.parameters[name] : undefined;
    if (isObject(param) && typeof param.Default === 'string') return { text: param.Default, exact: false, refs: [] };
    return undefined;
  }

  private providerArn(id: string, depth: number): ResolvedText | undefined {
    const url = this.providerUrl(id, depth);
    if (!url) return { text: `arn:aws:iam::ACCOUNT:oidc-provider/(${id})`, exact: false, refs: [id] };
    return { text: `arn:aws:iam::ACCOUNT:oidc-provider/${url.text.replace(/^https:\/\//, '')}`, exact: false, refs: [id, ...url.refs] };
  }

  private join(arg: unknown, depth: number): ResolvedText | undefined {
    if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return undefined;
    const list: unknown[] = arg[1];
    const texts: string[] = [];
    const refs: string[] = [];
    let exact = true;
    for (let i = 0; i < list.length; i++) {
      // A hole (possible in an object not parsed from JSON) joins as empty text, as in Array.join.
      if (!(i in list)) {
        texts.push('');
        continue;
      }
      const part = this.text(list[i], depth + 1);
      if (part === undefined) return undefined;
      texts.push(part.text);
      exact &&= part.exact;
      refs.push(...part.refs);
    }
    return { text: texts.join(arg[0]), exact, refs };
  }

  private sub(arg: unknown, depth: number): ResolvedText | undefined {
    const [template, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [undefined, undefined];
    if (typeof template !== 'string' || !isObject(vars)) return undefined;
    let exact = true;
    const refs: string[] = [];
    let failed = false;
    const text = template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const value = Object.prototype.hasOwnProperty.call(vars, name) ? this.text(vars[name], depth + 1)
        : name.includes('.') ? this.text({ 'Fn::GetAtt': name }, depth + 1) : this.ref(name, depth + 1);
      if (!value) {
        failed = true;
        return whole;
      }
      exact &&= value.exact;
      refs.push(...value.refs);
      return value.text;
    });
    return failed ? undefined : { text, exact, refs };
  }
}

/**
 * Whether two values are the same JSON data: equal primitives, or lists and plain objects with the
 * same own keys (and holes) holding the same data. Anything else (class instances, functions, data
 * nested deeper than any value is read) is the same only when it is the very same value.
 */
export function sameData(a: unknown, b: unknown, depth: number): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (a === b) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if ((i in a) !== (i in b) || !sameData(a[i], b[i], depth + 1)) return false;
    }
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  const x = a as { [key: string]: unknown };
  const y = b as { [key: string]: unknown };
  let keys = 0;
  for (const k in x) {
    if (!hasOwn(x, k)) continue;
    if (!hasOwn(y, k) || !sameData(x[k], y[k], depth + 1)) return false;
    keys++;
  }
  for (const k in y) if (hasOwn(y, k)) keys--;
  return keys === 0;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own keys only: `for...in` also lists enumerable keys of a (polluted) prototype. */
function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
