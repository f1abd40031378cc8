import { conditionText, identityLabel, sessionText } from './labels';
import { EntryDocument, FragmentDocument, ReportDocument, RuleDocument } from './report-document';
import { ClaimSet, claimSetOf, ruleCovered } from './rule-implication';
import { compareText } from '../private/text';

/** One identity in a {@link BaselineDiff}, with why it is listed. */
export interface IdentityChange {
  /** `aws` or `google-cloud`. */
  readonly cloud: string;
  /** The identity kind (`aws-role`, `google-service-account`, ...). */
  readonly kind: string;
  /** The identity's name. */
  readonly name: string;
  /**
   * Google Cloud: the IAM role granted on the identity.
   * @default - none (AWS roles)
   */
  readonly role?: string;
  /** The file (stack) the identity is declared in. */
  readonly file: string;
  /** Whether the identity trusts web identity tokens (in the newer report, or the baseline for removed identities). */
  readonly federated: boolean;
  /** What changed, one sentence each. */
  readonly reasons: string[];
}

/**
 * What changed between a baseline report and the current one (`--baseline`), per identity. An
 * identity is its cloud, kind, name, Google IAM role and file: one moved to another stack is
 * removed there and new here.
 *
 * **Widened** means the current trust admits some token the baseline did not: a way in (rule) that
 * no baseline way in of the same identity covers (for the same issuer and at least the same
 * audiences), an audience the baseline did not admit, a longer (or no longer known) maximum session.
 * Rule coverage is decided on the core model: a rule is covered when each of its single-value
 * pieces implies a baseline rule, condition by condition (values contained in the allowed values,
 * glob languages contained in glob languages). The check is sound and conservative: whatever it
 * cannot prove covered (a baseline rule the review only partly understood, an AWS role whose
 * statements may admit different audiences) counts as widened, with the reason.
 *
 * **New** identities with web identity trust are widened trust too; new identities that trust only
 * other principals (services, accounts) are listed for information. **Removed** and **narrowed**
 * (the same check the other way) are informational.
 */
export interface BaselineDiff {
  /** The baseline file, as given. */
  readonly baseline: string;
  /** Identities only in the current report. */
  readonly newIdentities: IdentityChange[];
  /** Identities only in the baseline. */
  readonly removedIdentities: IdentityChange[];
  /** Identities in both whose trust admits a token it did not admit before. */
  readonly widened: IdentityChange[];
  /** Identities in both whose trust no longer admits a token it admitted before. */
  readonly narrowed: IdentityChange[];
  /** Whether trust widened: an identity widened, or a new identity trusts web identity tokens. */
  readonly trustWidened: boolean;
}

/** A way in, ready for comparison. */
interface Way {
  readonly index: number;
  readonly sets: ClaimSet[];
  readonly exact: boolean;
  /** The rule's conditions and its own fragments, as one comparable text. */
  readonly signature: string;
  readonly text: string;
}

/** Which audiences an entry admits: listed ones, or any its provider accepts (no `aud` check). */
type Audiences = { readonly any: false; readonly values: string[] } | { readonly any: true; readonly principal: string };

/** An entry, ready for comparison. */
interface Trust {
  readonly entry: EntryDocument;
  readonly issuer: string;
  readonly audiences: Audiences;
  /** Whether the entry's audiences hold for each of its rules (they are kept per entry, not per rule). */
  readonly uniformAudiences: boolean;
  readonly fragments: string;
  readonly ways: Way[];
}

/**
 * Compares the current report with a baseline (both as JSON report documents).
 *
 * @param baseline the earlier report
 * @param current the report of this run
 * @param baselineFile the baseline's file name, for the output
 */
export function compareWithBaseline(baseline: ReportDocument, current: ReportDocument, baselineFile: string): BaselineDiff {
  const before = groupByIdentity(baseline);
  const after = groupByIdentity(current);
  const newIdentities: IdentityChange[] = [];
  const removedIdentities: IdentityChange[] = [];
  const widened: IdentityChange[] = [];
  const narrowed: IdentityChange[] = [];
  for (const [key, entries] of after) {
    const old = before.get(key);
    if (!old) {
      const federated = entries.some((e) => e.federated);
      newIdentities.push(change(entries, federated ? ['a new identity that trusts web identity tokens'] : ['a new identity without web identity trust (other principals only)']));
      continue;
    }
    const wider = widenings(old.map(trustOf), entries.map(trustOf), 'widened');
    if (wider.length > 0) widened.push(change(entries, wider));
    const narrower = widenings(entries.map(trustOf), old.map(trustOf), 'narrowed');
    if (narrower.length > 0) narrowed.push(change(entries, narrower));
  }
  for (const [key, entries] of before) {
    if (!after.has(key)) removedIdentities.push(change(entries, ['no longer in the reviewed input']));
  }
  return {
    baseline: baselineFile,
    newIdentities,
    removedIdentities,
    widened,
    narrowed,
    trustWidened: widened.length > 0 || newIdentities.some((c) => c.federated),
  };
}

/** The identity key: cloud, kind, file, name and (Google) IAM role. */
function identityKey(e: EntryDocument): string {
  return JSON.stringify([e.cloud, e.identity.kind, e.source.file, e.identity.name, e.identity.role ?? null]);
}

function groupByIdentity(doc: ReportDocument): Map<string, EntryDocument[]> {
  const out = new Map<string, EntryDocument[]>();
  for (const e of doc.entries) {
    const k = identityKey(e);
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  return new Map([...out.entries()].sort((a, b) => compareText(a[0], b[0])));
}

function change(entries: EntryDocument[], reasons: string[]): IdentityChange {
  const e = entries[0];
  return {
    cloud: e.cloud,
    kind: e.identity.kind,
    name: e.identity.name,
    role: e.identity.role,
    file: e.source.file,
    federated: entries.some((x) => x.federated),
    reasons,
  };
}

function trustOf(e: EntryDocument): Trust {
  const fragmentKey = (f: FragmentDocument) => JSON.stringify([f.kind, f.raw]);
  const entryFragments = e.unparsed.filter((f) => f.ruleIndex === undefined).map(fragmentKey).sort(compareText);
  const ways = e.rules.map((r: RuleDocument, index): Way => {
    const own = e.unparsed.filter((f) => f.ruleIndex === index).map(fragmentKey).sort(compareText);
    const text = r.conditions.length === 0 ? '(no claim condition)' : r.conditions.map(conditionText).join(' AND ');
    return { index, sets: r.conditions.map(claimSetOf), exact: r.exact && own.length === 0, signature: JSON.stringify([text, own]), text };
  });
  const listed = [...e.audiences, ...(e.admitsTargetDefaultAudience ? [defaultAudience(e)] : [])];
  const audiences: Audiences = e.checksAudience
    ? { any: false, values: listed }
    : e.provider?.clientIds ? { any: false, values: [...new Set([...listed, ...e.provider.clientIds])] } : { any: true, principal: e.principal };
  const allListed = audiences.any ? 2 : audiences.values.length;
  return {
    entry: e,
    issuer: e.issuerUrl ?? `(unresolved principal ${e.principal})`,
    audiences,
    uniformAudiences: e.cloud !== 'aws' || e.rules.length <= 1 || (e.checksAudience && allListed <= 1),
    fragments: JSON.stringify(entryFragments),
    ways,
  };
}

/** The target cloud's default audience as a comparable value. */
function defaultAudience(e: EntryDocument): string {
  return e.cloud === 'aws' ? 'sts.amazonaws.com' : `(the default audience of ${e.principal})`;
}

/** Whether every audience `a` admits is admitted by `b`. */
function audiencesCovered(a: Audiences, b: Audiences): boolean {
  if (b.any) return a.any ? a.principal === b.principal : true;
  if (a.any) return false;
  return a.values.every((v) => b.values.includes(v));
}

/**
 * Why `after` admits tokens `before` does not, one sentence each (empty: it does not). With
 * `mode` narrowed, the arguments are swapped by the caller and the sentences say so.
 */
function widenings(before: Trust[], after: Trust[], mode: 'widened' | 'narrowed'): string[] {
  const reasons: string[] = [];
  const fed = after.filter((t) => t.entry.federated);
  const fedBefore = before.filter((t) => t.entry.federated);
  for (const t of fed) {
    const sameIssuer = fedBefore.filter((o) => o.issuer === t.issuer);
    const issuerText = t.entry.issuerUrl ?? t.issuer;
    if (sameIssuer.length === 0) {
      reasons.push(mode === 'widened' ? `admits tokens of ${issuerText}, which the baseline did not` : `no longer admits tokens of ${issuerText}`);
      continue;
    }
    const audienceReasons = audienceChanges(t, sameIssuer, mode);
    reasons.push(...audienceReasons);
    if (t.fragments !== '[]' && !sameIssuer.some((o) => o.fragments === t.fragments)) {
      reasons.push(mode === 'widened'
        ? `has parts the review could not read (${fragmentList(t)}) that the baseline did not have, so the diff cannot prove the trust did not widen`
        : `the baseline had parts the review could not read (${fragmentList(t)}) that are gone`);
    }
    const usable = sameIssuer.filter((o) => o.fragments === t.fragments);
    const strict = usable.filter((o) => o.uniformAudiences && audiencesCovered(t.audiences, o.audiences));
    for (const w of t.ways) {
      if (covered(w, strict)) continue;
      if (audienceReasons.length > 0 && covered(w, usable)) continue; // explained by the audience change
      reasons.push(wayReason(w, t, usable, mode));
    }
  }
  if (fed.length > 0 && fedBefore.length > 0) reasons.push(...sessionChanges(fedBefore, fed, mode));
  return reasons;
}

/** Whether the way's tokens are admitted by some way of `cover` (exact ones; others only when identical). */
function covered(w: Way, cover: Trust[]): boolean {
  const exactRules = cover.flatMap((o) => o.ways.filter((x) => x.exact).map((x) => x.sets));
  if (ruleCovered(w.sets, exactRules)) return true;
  return cover.some((o) => o.ways.some((x) => !x.exact && x.signature === w.signature));
}

function wayReason(w: Way, t: Trust, usable: Trust[], mode: 'widened' | 'narrowed'): string {
  const rule = `rule ${w.index + 1} (${w.text}${w.exact ? '' : ', not fully understood'}) of ${t.entry.issuerUrl ?? t.issuer}`;
  const inexactOnly = usable.some((o) => o.ways.some((x) => !x.exact)) && ruleCovered(w.sets, usable.flatMap((o) => o.ways.map((x) => x.sets)));
  const nonUniform = usable.some((o) => !o.uniformAudiences);
  if (mode === 'narrowed') return `the baseline's ${rule} is no longer covered by the current rules`;
  if (inexactOnly) return `${rule} is covered only by baseline rules the review did not fully understand, so the diff cannot prove it did not widen`;
  if (nonUniform) return `${rule} is not covered by a baseline rule for the same audiences (the baseline role's statements may admit different audiences, which the report does not separate)`;
  return `${rule} admits tokens no baseline rule admits`;
}

function audienceChanges(t: Trust, sameIssuer: Trust[], mode: 'widened' | 'narrowed'): string[] {
  const a = t.audiences;
  if (a.any) {
    if (sameIssuer.some((o) => o.audiences.any && o.audiences.principal === a.principal)) return [];
    return [mode === 'widened' ? `a way in has no audience check: it accepts any audience the provider ${a.principal} accepts` : 'the baseline accepted any audience of the provider (no audience check); now every way in checks it'];
  }
  if (sameIssuer.some((o) => o.audiences.any)) return [];
  const known = new Set(sameIssuer.flatMap((o) => (o.audiences.any ? [] : o.audiences.values)));
  const added = a.values.filter((v) => !known.has(v)).sort(compareText);
  if (added.length === 0) return [];
  const list = added.map((v) => JSON.stringify(v)).join(', ');
  return [mode === 'widened' ? `admits the audience${added.length > 1 ? 's' : ''} ${list}, which the baseline did not` : `no longer admits the audience${added.length > 1 ? 's' : ''} ${list}`];
}

function sessionChanges(before: Trust[], after: Trust[], mode: 'widened' | 'narrowed'): string[] {
  const longest = (ts: Trust[]) => {
    const secs = ts.map((t) => t.entry.maxSessionSeconds);
    return secs.some((s) => s === undefined) ? undefined : Math.max(...(secs as number[]));
  };
  const notes = (ts: Trust[]) => JSON.stringify([...new Set(ts.map((t) => t.entry.maxSessionNote ?? ''))].sort(compareText));
  const was = longest(before);
  const now = longest(after);
  if (now === undefined) {
    if (was === undefined && notes(before) === notes(after)) return [];
    return [mode === 'widened' ? `the maximum session is not known (${after.map((t) => t.entry.maxSessionNote).filter((n) => n).join('; ')}), so it may be longer than the baseline's ${sessionText(was)}` : `the baseline's maximum session was not known; it is now ${sessionText(was)}`];
  }
  if (was === undefined) {
    return mode === 'widened' ? [`the baseline's maximum session was not known, so ${sessionText(now)} may be longer`] : [];
  }
  if (now > was) return [mode === 'widened' ? `the maximum session grew from ${sessionText(was)} to ${sessionText(now)}` : `the maximum session shrank from ${sessionText(now)} to ${sessionText(was)}`];
  return [];
}

function fragmentList(t: Trust): string {
  return t.entry.unparsed.filter((f) => f.ruleIndex === undefined).map((f) => f.kind).join(', ');
}

/** The identity as one line, e.g. `aws-role Deploy (cdk.out/App.template.json)`. */
export function changeLabel(c: IdentityChange): string {
  return identityLabel(c.kind, c.name, c.role, c.file);
}
