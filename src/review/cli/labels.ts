import { ConditionDocument, EntryDocument, RuleDocument } from './report-document';

/** A condition as one line, as `ClaimCondition.toString()` writes it: `sub equals "x"`, `ref like one of ["a*", "b*"]`. */
export function conditionText(c: ConditionDocument): string {
  const vals = c.values.map((v) => JSON.stringify(v));
  return `${c.claim} ${c.operator} ${vals.length === 1 ? vals[0] : `one of [${vals.join(', ')}]`}`;
}

/** A rule as one line: its conditions joined with AND. */
export function ruleText(r: RuleDocument): string {
  return r.conditions.length === 0 ? '(no claim condition: every token of the issuer with an admitted audience)' : r.conditions.map(conditionText).join(' AND ');
}

/** A duration in seconds for people: `1 h`, `1 h 30 min`, `15 min`, `90 s`; `unknown` when undefined. */
export function sessionText(seconds: number | undefined): string {
  if (seconds === undefined) return 'unknown';
  if (seconds % 60 !== 0 || seconds < 60) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = (seconds % 3600) / 60;
  return [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : ''].filter((s) => s).join(' ');
}

/** The identity kind for people: `AWS role`, `Google service account`, ... */
export function kindText(kind: string): string {
  switch (kind) {
    case 'aws-role': return 'AWS role';
    case 'google-service-account': return 'Google service account';
    case 'google-project-role': return 'Google project role';
    case 'google-resource-role': return 'Google resource role';
    case 'google-principal-set': return 'Google principal set';
    default: return kind;
  }
}

/** The cloud for people. */
export function cloudText(cloud: string): string {
  return cloud === 'aws' ? 'AWS' : cloud === 'google-cloud' ? 'Google Cloud' : cloud;
}

/** An identity as one line: `AWS role Deploy (cdk.out/App.template.json)`, with the Google IAM role when there is one. */
export function identityLabel(kind: string, name: string, role: string | undefined, file: string): string {
  const granted = role && kind === 'google-service-account' ? ` (${role})` : '';
  return `${kindText(kind)} ${name}${granted} in ${file}`;
}

/** The audiences an entry admits, for people. */
export function audienceTexts(e: EntryDocument): string[] {
  const out: string[] = [];
  if (e.admitsTargetDefaultAudience) {
    out.push(e.cloud === 'aws' ? '"sts.amazonaws.com" (the AWS default)' : 'the provider\'s own resource name (the Google default)');
  }
  out.push(...e.audiences.map((a) => JSON.stringify(a)));
  if (!e.checksAudience) {
    const ids = e.provider?.clientIds;
    out.push(ids ? `any client ID of the provider (${ids.map((i) => JSON.stringify(i)).join(', ')}): a way in has no aud condition` : 'any client ID registered on the provider: a way in has no aud condition');
  }
  return out;
}

/** The maximum session for people: duration and where it comes from. */
export function maxSessionText(e: EntryDocument): string {
  return `${sessionText(e.maxSessionSeconds)}${e.maxSessionNote ? ` (${e.maxSessionNote})` : ''}`;
}
