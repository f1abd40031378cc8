import { TargetCloud } from '../../core/issuer';
import { memoize } from '../../core/private/memo';
import { TrustRule } from '../../core/trust-rule';
import { reviewError, ReviewErrorCode } from '../errors';
import { IdentityKind, ReviewedIdentity } from '../identity';
import { ReviewedProvider } from '../reviewed-provider';
import { ReviewedRule } from '../reviewed-rule';
import { SourceLocation } from '../source-location';
import { TrustEntry } from '../trust-entry';
import { TrustReport } from '../trust-report';
import { UnparsedFragment, UnparsedKind } from '../unparsed-fragment';
import { CfnValues } from './cfn-values';
import { lintEntry } from './entry-lint';
import { conditionKeyPrefixes, readConditions } from './iam-conditions';
import { actionCovers } from './iam-pattern';
import { IssuerLookup, issuerLookup } from './issuer-for-url';
import { childPath } from './json-path';
import { normalConditions } from './normal-form';
import { trustPolicySize } from './policy-size';
import { asList, isObject, rawText } from './text';

const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';

/** Whether an action pattern covers the web identity action (a handful of patterns repeat everywhere). */
const coversWebIdentity = memoize((action) => actionCovers(action, WEB_IDENTITY_ACTION));
const AWS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const DEFAULT_MAX_SESSION = 3600;

/** Built-in web identity principals (no IAM OIDC provider) and whether the lint can judge them. */
const BUILT_IN: { [principal: string]: { readonly lintable: boolean } } = {
  'accounts.google.com': { lintable: true },
  'cognito-identity.amazonaws.com': { lintable: false },
  'graph.facebook.com': { lintable: false },
  'www.amazon.com': { lintable: false },
};

/** The ways in through one federated principal of one role. */
interface Group {
  readonly principal: string;
  readonly issuerUrl?: string;
  readonly prefix?: string;
  readonly lintable: boolean;
  readonly provider?: ReviewedProvider;
  readonly rules: ReviewedRule[];
  readonly fragments: UnparsedFragment[];
  readonly audiences: Set<string>;
  checksAudience: boolean;
}

/**
 * Reads every `AWS::IAM::Role` of a CloudFormation template: statements that let a federated
 * principal `sts:AssumeRoleWithWebIdentity` become entries per provider, with one rule per
 * statement; other principals are reported for context. One pass over the resources; providers
 * and parameters are looked up by logical ID.
 *
 * @param issuerFor the issuers built so far, shared with the other templates of one review
 */
export function readCloudFormation(template: unknown, file: string, issuerFor: IssuerLookup = issuerLookup()): TrustReport {
  if (!isObject(template)) {
    throw reviewError(ReviewErrorCode.INVALID_TEMPLATE, `${file} is not a CloudFormation template: the document is ${Array.isArray(template) ? 'a list' : typeof template}, not an object.`, 'pass the template object (the content of a *.template.json file).');
  }
  const resources = template.Resources;
  if (resources === undefined) return TrustReport.of([], { files: [file] });
  if (!isObject(resources)) {
    throw reviewError(ReviewErrorCode.INVALID_TEMPLATE, `${file} is not a CloudFormation template the review can read: Resources is not an object.`, 'give Resources as an object of logical IDs to resources.');
  }
  const values = new CfnValues(template);
  const entries: TrustEntry[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== 'AWS::IAM::Role') continue;
    for (const entry of readRole(logicalId, resource, values, file, issuerFor)) entries.push(lintEntry(entry));
  }
  return TrustReport.of(entries, { files: [file] });
}

function readRole(logicalId: string, resource: { [key: string]: unknown }, values: CfnValues, file: string, issuerFor: IssuerLookup): TrustEntry[] {
  const props = isObject(resource.Properties) ? resource.Properties : {};
  const roleName = values.text(props.RoleName);
  const identity: ReviewedIdentity = {
    kind: IdentityKind.AWS_ROLE,
    name: roleName?.exact ? roleName.text : logicalId,
    address: logicalId,
    roleName: roleName?.exact ? roleName.text : undefined,
  };
  const session = maxSession(props.MaxSessionDuration, values);
  // Constant keys are plain: appended as childPath would write them, without testing them per role.
  const docPath = childPath('Resources', logicalId) + '.Properties.AssumeRolePolicyDocument';
  const at = (jsonPath: string): SourceLocation => ({ file, jsonPath });
  const roleFragments: UnparsedFragment[] = [];
  let document: unknown = props.AssumeRolePolicyDocument;
  if (typeof document === 'string') {
    try {
      document = JSON.parse(document);
    } catch {
      roleFragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: document as string, reason: 'The trust policy is a string that is not JSON.', source: at(docPath) });
    }
  }
  const statementsValue = isObject(document) ? document.Statement : undefined;
  const statementsPath = `${docPath}.Statement`;
  if (isObject(document) || document === undefined) {
    if (!Array.isArray(statementsValue) && !isObject(statementsValue)) {
      roleFragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(document ?? null), reason: 'The role has no literal trust policy statements, so who may assume it cannot be read.', source: at(docPath) });
    }
  } else if (typeof document !== 'string') {
    roleFragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(document), reason: 'The trust policy is not a literal object.', source: at(docPath) });
  }

  const groups = new Map<string, Group>();
  const others: string[] = [];
  const statements = Array.isArray(statementsValue) ? statementsValue : statementsValue === undefined ? [] : [statementsValue];
  statements.forEach((statement, i) => {
    const path = Array.isArray(statementsValue) ? childPath(statementsPath, i) : statementsPath;
    if (!isObject(statement)) {
      roleFragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(statement), reason: 'The statement is not a literal object (an intrinsic function?), so it cannot be read; it may admit web identity tokens.', source: at(path) });
      return;
    }
    const webIdentity = coversWebIdentityAction(statement.Action);
    const effect = statement.Effect;
    if (statement.NotPrincipal !== undefined || statement.NotAction !== undefined) {
      roleFragments.push({ kind: UnparsedKind.UNSUPPORTED_STATEMENT, raw: rawText(statement), reason: `A statement with ${statement.NotPrincipal !== undefined ? 'NotPrincipal' : 'NotAction'} applies to everything it does not name; the review does not model it.`, source: at(path) });
      return;
    }
    const principal = statement.Principal;
    if (principal === '*' || (isObject(principal) && principal.AWS === '*')) {
      others.push(`everyone (Principal *): ${actionNames(statement)}${effect === 'Deny' ? ' [Deny]' : ''}`);
      if (webIdentity && effect === 'Allow') {
        roleFragments.push({ kind: UnparsedKind.UNKNOWN_TRUST, raw: rawText(statement), reason: 'Principal "*" with the web identity action admits tokens of any provider in the account that the conditions allow.', source: at(path) });
      }
      return;
    }
    if (!isObject(principal)) {
      roleFragments.push({ kind: UnparsedKind.UNRESOLVED_REFERENCE, raw: rawText(statement), reason: 'The statement has no literal Principal.', source: at(path) });
      return;
    }
    for (const type of Object.keys(principal)) {
      for (const p of asList(principal[type])) {
        if (type !== 'Federated' || !webIdentity) {
          others.push(`${type}: ${values.text(p)?.text ?? rawText(p)} (${actionNames(statement)})${effect === 'Deny' ? ' [Deny]' : ''}`);
          continue;
        }
        const group = groupFor(groups, p, statement.Condition, values, file);
        if (effect !== 'Allow') {
          group.fragments.push({ kind: UnparsedKind.UNSUPPORTED_STATEMENT, raw: rawText(statement), reason: `A ${rawText(effect)} statement narrows the trust; the review does not subtract it, so the rules may admit more than IAM does.`, source: at(path) });
          continue;
        }
        const read = readConditions(statement.Condition, group.prefix, `${path}.Condition`, file, values);
        const ruleIndex = group.rules.length;
        group.rules.push({ rule: ruleOf(read.conditions), exact: read.fragments.length === 0, source: at(path) });
        for (const f of read.fragments) group.fragments.push({ ...f, ruleIndex });
        for (const a of read.audiences) group.audiences.add(a);
        group.checksAudience &&= read.checksAudience;
      }
    }
  });

  const size = isObject(document) ? trustPolicySize(document, values) : undefined;
  const source = at(docPath);
  // Every field written out: spreading shared fields into each entry's props was a quarter of the
  // review's time in a profile of 3,000 roles.
  if (groups.size === 0) {
    return [TrustEntry.of({
      cloud: TargetCloud.AWS,
      identity,
      maxSessionSeconds: session.seconds,
      maxSessionNote: session.note,
      trustPolicySize: size,
      otherPrincipals: others,
      source,
      federated: false,
      principal: others.join('; ') || '(no principal)',
      checksAudience: false,
      unparsed: roleFragments,
    })];
  }
  return [...groups.values()].map((g) => {
    const all = [...g.audiences];
    return TrustEntry.of({
      cloud: TargetCloud.AWS,
      identity,
      maxSessionSeconds: session.seconds,
      maxSessionNote: session.note,
      trustPolicySize: size,
      otherPrincipals: others,
      source,
      federated: true,
      principal: g.principal,
      issuerUrl: g.issuerUrl,
      issuer: g.lintable && g.issuerUrl ? issuerFor(g.issuerUrl, all) : undefined,
      provider: g.provider,
      audiences: all.filter((a) => a !== AWS_DEFAULT_AUDIENCE),
      admitsTargetDefaultAudience: g.audiences.has(AWS_DEFAULT_AUDIENCE),
      checksAudience: g.checksAudience,
      rules: g.rules,
      unparsed: [...g.fragments, ...roleFragments],
    });
  });
}

/** Whether a statement's `Action` (one action or a list) covers the web identity action. */
function coversWebIdentityAction(action: unknown): boolean {
  if (typeof action === 'string') return coversWebIdentity(action);
  return Array.isArray(action) && action.some((a) => typeof a === 'string' && coversWebIdentity(a));
}

/** The statement's actions, for messages. */
function actionNames(statement: { [key: string]: unknown }): string {
  return asList(statement.Action).filter((a) => typeof a === 'string').join(', ');
}

/** The issuer of an IAM OIDC provider ARN (one ARN repeats for every role trusting the provider). */
const issuerOfArn = memoize((arn): { readonly prefix: string; readonly issuerUrl: string } | undefined => {
  const m = /:oidc-provider\/([^()]+)$/.exec(arn);
  return m ? { prefix: m[1], issuerUrl: `https://${m[1]}` } : undefined;
});

/** The rule of a statement's conditions, in normal form (as read when no value satisfies them). */
function ruleOf(conditions: TrustRule['conditions']): TrustRule | undefined {
  if (conditions.length === 0) return undefined;
  return TrustRule.allOf(...normalConditions(conditions) ?? conditions);
}

/** The group of the federated principal `value`, created on first use. */
function groupFor(groups: Map<string, Group>, value: unknown, condition: unknown, values: CfnValues, file: string): Group {
  const resolved = values.text(value);
  const text = resolved?.text;
  let issuerUrl: string | undefined;
  let prefix: string | undefined;
  let lintable = true;
  let principal = text ?? rawText(value);
  if (text !== undefined && Object.prototype.hasOwnProperty.call(BUILT_IN, text)) {
    prefix = text;
    issuerUrl = `https://${text}`;
    lintable = BUILT_IN[text].lintable;
  } else {
    const issuer = text === undefined ? undefined : issuerOfArn(text);
    if (issuer) {
      prefix = issuer.prefix;
      issuerUrl = issuer.issuerUrl;
    } else {
      // The provider cannot be read: its condition keys name the issuer, when they name one.
      const prefixes = conditionKeyPrefixes(condition);
      if (prefixes.length === 1) {
        prefix = prefixes[0];
        issuerUrl = `https://${prefix}`;
        principal = `${principal} (unresolved; issuer taken from the condition keys)`;
      }
    }
  }
  const key = issuerUrl ?? `unresolved:${rawText(value)}`;
  const existing = groups.get(key);
  if (existing) return existing;
  const providerId = resolved?.refs.find((id) => values.isOidcProvider(id));
  const group: Group = {
    principal,
    issuerUrl,
    prefix,
    lintable,
    provider: providerId ? providerResource(providerId, issuerUrl, values, file) : { issuerUrl },
    rules: [],
    fragments: [],
    audiences: new Set(),
    checksAudience: true,
  };
  groups.set(key, group);
  return group;
}

function providerResource(id: string, issuerUrl: string | undefined, values: CfnValues, file: string): ReviewedProvider {
  const props = values.resource(id)?.Properties;
  const listed = isObject(props) ? props.ClientIdList ?? props.ClientIDList : undefined;
  const clientIds = Array.isArray(listed) && listed.every((c) => typeof c === 'string') ? listed as string[] : undefined;
  return { address: id, issuerUrl, clientIds, source: { file, jsonPath: childPath('Resources', id) } };
}

function maxSession(value: unknown, values: CfnValues): { seconds?: number; note: string } {
  if (value === undefined) return { seconds: DEFAULT_MAX_SESSION, note: 'IAM default: MaxSessionDuration is not set (1 hour)' };
  const number = typeof value === 'number' ? value : Number(values.text(value)?.text ?? NaN);
  if (Number.isInteger(number)) return { seconds: number, note: typeof value === 'number' ? 'MaxSessionDuration' : 'MaxSessionDuration (from a parameter default or reference)' };
  return { note: `MaxSessionDuration is not a literal number: ${rawText(value)}` };
}
