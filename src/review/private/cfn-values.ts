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
    if (!this.texts.has(value)) this.texts.set(value, this.intrinsic(value, 0));
    return this.texts.get(value);
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
