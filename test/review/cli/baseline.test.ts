import * as fc from 'fast-check';
import { review } from '../../../src';
import { BaselineDiff, compareWithBaseline } from '../../../src/review/cli/baseline';
import { reportDocument } from '../../../src/review/cli/report-document';
import { PROPERTY_PARAMS } from '../../core/support';
import { fixture, GH, GITHUB_ARN, githubStatement, googleConfig, roleTemplate, saBinding, POOL_SET } from '../support';

// Property runs and reviews take seconds, more when the whole suite runs in parallel.
jest.setTimeout(120_000);

const CWD = '/work';
const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };

/** A template with one role per name, each with the given statements and role properties. */
function template(roles: { [name: string]: { statements: unknown[]; props?: { [k: string]: unknown } } }): any {
  const resources: { [id: string]: unknown } = {};
  for (const [name, r] of Object.entries(roles)) {
    resources[name] = roleTemplate(r.statements, {}, r.props ?? {}).Resources.Role;
  }
  return { Resources: resources };
}

function diffOf(before: any, after: any, file = 'app.template.json'): BaselineDiff {
  const doc = (t: any) => reportDocument(review.TrustReview.cloudFormation(t, `${CWD}/${file}`), { cwd: CWD });
  return compareWithBaseline(doc(before), doc(after), 'base.json');
}

const sub = (...values: string[]) => githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: values.length === 1 ? values[0] : values } });
const subLike = (...patterns: string[]) => githubStatement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: patterns.length === 1 ? patterns[0] : patterns } });

describe('compareWithBaseline', () => {
  test('the same input: nothing changed, nothing widened', () => {
    const t = template({ Deploy: { statements: [sub('repo:acme/app:ref:refs/heads/main'), subLike('repo:acme/app:environment:*')] } });
    const diff = diffOf(t, t);
    expect(diff).toEqual({ baseline: 'base.json', newIdentities: [], removedIdentities: [], widened: [], narrowed: [], trustWidened: false });
  });

  test('widened: an exact branch becomes a pattern; narrowed: the other way round', () => {
    // GIVEN
    const before = template({ Deploy: { statements: [sub('repo:acme/app:ref:refs/heads/main')] } });
    const after = template({ Deploy: { statements: [subLike('repo:acme/app:ref:refs/heads/*')] } });

    // WHEN
    const wider = diffOf(before, after);
    const narrower = diffOf(after, before);

    // THEN
    expect(wider.trustWidened).toBe(true);
    expect(wider.widened).toEqual([expect.objectContaining({
      name: 'Deploy',
      kind: 'aws-role',
      file: 'app.template.json',
      reasons: [
        'rule 1 (sub like "repo:acme/app:ref:refs/heads/*") of https://token.actions.githubusercontent.com admits tokens no baseline rule admits',
      ],
    })]);
    expect(wider.narrowed).toEqual([]);
    expect(narrower.trustWidened).toBe(false);
    expect(narrower.widened).toEqual([]);
    expect(narrower.narrowed.map((c) => c.reasons)).toEqual([[
      'the baseline\'s rule 1 (sub like "repo:acme/app:ref:refs/heads/*") of https://token.actions.githubusercontent.com is no longer covered by the current rules',
    ]]);
  });

  test('a pattern inside the baseline\'s pattern is not wider; one that crosses the owner boundary is', () => {
    const before = template({ Deploy: { statements: [subLike('repo:acme/*')] } });
    expect(diffOf(before, template({ Deploy: { statements: [subLike('repo:acme/app:*')] } })).trustWidened).toBe(false);
    expect(diffOf(before, template({ Deploy: { statements: [subLike('repo:acme*')] } })).trustWidened).toBe(true);
  });

  test('merging two statements into one condition with two values is not wider (rules are compared piece by piece)', () => {
    const before = template({ Deploy: { statements: [sub('repo:acme/app:ref:refs/heads/main'), sub('repo:acme/app:environment:prod')] } });
    const after = template({ Deploy: { statements: [sub('repo:acme/app:ref:refs/heads/main', 'repo:acme/app:environment:prod')] } });
    expect(diffOf(before, after).trustWidened).toBe(false);
    expect(diffOf(after, before).trustWidened).toBe(false);
  });

  test('dropping a condition widens; adding one narrows', () => {
    const both = githubStatement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:environment:prod', [`${GH}:repository_id`]: '42' } });
    const before = template({ Deploy: { statements: [both] } });
    const after = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    expect(diffOf(before, after).trustWidened).toBe(true);
    expect(diffOf(after, before)).toEqual(expect.objectContaining({ trustWidened: false, narrowed: [expect.objectContaining({ name: 'Deploy' })] }));
  });

  test('an added audience widens, naming it', () => {
    const before = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    const after = template({ Deploy: { statements: [githubStatement({ StringEquals: { [`${GH}:aud`]: ['sts.amazonaws.com', 'other'], [`${GH}:sub`]: 'repo:acme/app:environment:prod' } })] } });
    const diff = diffOf(before, after);
    expect(diff.trustWidened).toBe(true);
    expect(diff.widened[0].reasons).toEqual(['admits the audience "other", which the baseline did not']);
    expect(diffOf(after, before).narrowed[0].reasons).toEqual(['no longer admits the audience "other"']);
  });

  test('a statement without an aud condition widens (any client ID of the provider)', () => {
    const before = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    const after = template({ Deploy: { statements: [githubStatement({ StringEquals: { [`${GH}:sub`]: 'repo:acme/app:environment:prod' } })] } });
    const diff = diffOf(before, after);
    expect(diff.trustWidened).toBe(true);
    expect(diff.widened[0].reasons[0]).toMatch(/no audience check: it accepts any audience the provider .* accepts/);
  });

  test('a longer maximum session widens; a shorter one narrows', () => {
    const statements = [sub('repo:acme/app:environment:prod')];
    const before = template({ Deploy: { statements } });
    const after = template({ Deploy: { statements, props: { MaxSessionDuration: 7200 } } });
    expect(diffOf(before, after).widened.map((c) => c.reasons)).toEqual([['the maximum session grew from 1 h to 2 h']]);
    expect(diffOf(after, before)).toEqual(expect.objectContaining({ trustWidened: false, narrowed: [expect.objectContaining({ reasons: ['the maximum session shrank from 2 h to 1 h'] })] }));
    const unknown = template({ Deploy: { statements, props: { MaxSessionDuration: { Ref: 'Duration' } } } });
    expect(diffOf(before, unknown).widened[0].reasons[0]).toMatch(/^the maximum session is not known/);
  });

  test('a new identity with web identity trust is widened trust; one trusting only a service is listed only', () => {
    const before = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    const withFederated = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] }, Other: { statements: [sub('repo:acme/other:environment:prod')] } });
    const lambda = { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' };
    const withLambda = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] }, Fn: { statements: [lambda] } });

    const federated = diffOf(before, withFederated);
    expect(federated.trustWidened).toBe(true);
    expect(federated.newIdentities).toEqual([expect.objectContaining({ name: 'Other', federated: true, reasons: ['a new identity that trusts web identity tokens'] })]);
    const service = diffOf(before, withLambda);
    expect(service.trustWidened).toBe(false);
    expect(service.newIdentities).toEqual([expect.objectContaining({ name: 'Fn', federated: false })]);
    expect(diffOf(withFederated, before)).toEqual(expect.objectContaining({ trustWidened: false, removedIdentities: [expect.objectContaining({ name: 'Other' })] }));
  });

  test('an identity is its file too: the same role in another stack is removed there and new here', () => {
    const t = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    const doc = (file: string) => reportDocument(review.TrustReview.cloudFormation(t, `${CWD}/${file}`), { cwd: CWD });
    const diff = compareWithBaseline(doc('a.template.json'), doc('b.template.json'), 'base.json');
    expect(diff.newIdentities.map((c) => c.file)).toEqual(['b.template.json']);
    expect(diff.removedIdentities.map((c) => c.file)).toEqual(['a.template.json']);
    expect(diff.trustWidened).toBe(true);
  });

  test('a baseline rule the review did not fully understand covers only the identical rule', () => {
    const forAll = githubStatement({ 'StringEquals': AUD, 'ForAllValues:StringLike': { [`${GH}:sub`]: 'repo:acme/app:*' } });
    const before = template({ Deploy: { statements: [forAll] } });
    expect(diffOf(before, before).trustWidened).toBe(false);
    const diff = diffOf(before, template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } }));
    expect(diff.trustWidened).toBe(true);
    expect(diff.widened[0].reasons[0]).toMatch(/covered only by baseline rules the review did not fully understand/);
  });

  test('tokens of another issuer widen', () => {
    const gitlab = { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/gitlab.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'gitlab.com:aud': 'sts.amazonaws.com', 'gitlab.com:sub': 'project_path:acme/app:ref_type:branch:ref:main' } } };
    const before = template({ Deploy: { statements: [sub('repo:acme/app:environment:prod')] } });
    const diff = diffOf(before, template({ Deploy: { statements: [sub('repo:acme/app:environment:prod'), gitlab] } }));
    expect(diff.widened[0].reasons).toEqual(['admits tokens of https://gitlab.com, which the baseline did not']);
  });

  test('an AWS role whose statements may admit different audiences is compared conservatively', () => {
    const stmt = (aud: string, value: string) => githubStatement({ StringEquals: { [`${GH}:aud`]: aud, [`${GH}:sub`]: value } });
    const before = template({ Deploy: { statements: [stmt('a', 'repo:acme/app:environment:prod'), stmt('b', 'repo:acme/app:environment:dev')] } });
    // The audiences swap between the statements: the report cannot tell, so the diff must not call it unchanged.
    const after = template({ Deploy: { statements: [stmt('b', 'repo:acme/app:environment:prod'), stmt('a', 'repo:acme/app:environment:dev')] } });
    const diff = diffOf(before, after);
    expect(diff.trustWidened).toBe(true);
    expect(diff.widened[0].reasons[0]).toMatch(/may admit different audiences/);
  });

  test('Google: removing the provider condition widens the service accounts bound through it', () => {
    const config = fixture('gh-oidc-google.tf.json');
    const open = JSON.parse(JSON.stringify(config));
    delete open.resource.google_iam_workload_identity_pool_provider.provider.attribute_condition;
    const doc = (c: any) => reportDocument(review.TrustReview.terraform(c, `${CWD}/main.tf.json`), { cwd: CWD });
    expect(compareWithBaseline(doc(config), doc(config), 'base.json').trustWidened).toBe(false);
    const diff = compareWithBaseline(doc(config), doc(open), 'base.json');
    expect(diff.trustWidened).toBe(true);
    expect(diff.widened.map((c) => c.name).sort()).toEqual(['deployer@octo-project.iam.gserviceaccount.com', 'reader@octo-project.iam.gserviceaccount.com']);
  });

  test('Google: the identity includes the IAM role granted on the service account', () => {
    const doc = (role: string) => {
      const config = googleConfig({ attribute_condition: 'assertion.repository_owner_id == "7"', attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' } },
        saBinding(`${POOL_SET}/attribute.repository/acme/app`));
      config.resource.google_service_account_iam_member.sa.role = role;
      return reportDocument(review.TrustReview.terraform(config, `${CWD}/main.tf.json`), { cwd: CWD });
    };
    const diff = compareWithBaseline(doc('roles/iam.workloadIdentityUser'), doc('roles/iam.serviceAccountTokenCreator'), 'base.json');
    expect(diff.newIdentities.map((c) => c.role)).toEqual(['roles/iam.serviceAccountTokenCreator']);
    expect(diff.trustWidened).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Soundness: whenever the diff says "not widened", no token gets in now that did not before.
// ---------------------------------------------------------------------------------------------

const CLAIMS = ['sub', 'ref'];
const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', '/'), minLength: 1, maxLength: 4 });
const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?'), minLength: 1, maxLength: 4 });
interface Cond { claim: string; like: boolean; values: string[] }
const condArb: fc.Arbitrary<Cond> = fc.record({
  claim: fc.constantFrom(...CLAIMS),
  like: fc.boolean(),
  values: fc.array(fc.oneof(valueArb, patternArb), { minLength: 1, maxLength: 2 }),
}).map((c) => (c.like ? c : { ...c, values: c.values.map((v) => v.replace(/[*?]/g, 'a')) }));
/** A rule: conditions on distinct claims (one IAM condition key each). */
const ruleArb = fc.uniqueArray(condArb, { selector: (c) => c.claim, minLength: 1, maxLength: 2 });

/** A narrower or equal variant of a rule: a value dropped, a pattern replaced by an instance, a condition added. */
function narrowed(rule: Cond[]): fc.Arbitrary<Cond[]> {
  return fc.tuple(fc.nat(), fc.nat(), condArb, fc.constantFrom('same', 'drop', 'instance', 'add')).map(([i, j, extra, how]) => {
    const copy = rule.map((c) => ({ ...c, values: [...c.values] }));
    const c = copy[i % copy.length];
    if (how === 'drop' && c.values.length > 1) c.values.splice(j % c.values.length, 1);
    if (how === 'instance') c.values = c.values.map((v) => v.replace(/\*/g, 'b').replace(/\?/g, 'a'));
    if (how === 'add' && !copy.some((x) => x.claim === extra.claim)) copy.push(extra);
    return copy;
  });
}

function statementOf(rule: Cond[]): unknown {
  const equals: { [k: string]: string[] } = { [`${GH}:aud`]: ['sts.amazonaws.com'] };
  const like: { [k: string]: string[] } = {};
  for (const c of rule) {
    (c.like ? like : equals)[`${GH}:${c.claim}`] = c.values;
  }
  return { Effect: 'Allow', Principal: { Federated: GITHUB_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: equals, ...(Object.keys(like).length ? { StringLike: like } : {}) } };
}

const tokenArb = fc.record({ sub: fc.option(fc.string({ unit: fc.constantFrom('a', 'b', '/', 'x'), maxLength: 5 }), { nil: undefined }), ref: fc.option(fc.string({ unit: fc.constantFrom('a', 'b', '/', 'x'), maxLength: 5 }), { nil: undefined }) });

describe('compareWithBaseline soundness', () => {
  test('property: when the diff reports no widened trust, every token the new role admits the old role admits too (TrustEntry.evaluate)', () => {
    const caseArb = fc.array(ruleArb, { minLength: 1, maxLength: 3 }).chain((old) => fc.record({
      old: fc.constant(old),
      now: fc.array(fc.oneof(fc.constantFrom(...old).chain(narrowed), ruleArb), { minLength: 1, maxLength: 3 }),
      oldSession: fc.constantFrom(3600, 7200),
      newSession: fc.constantFrom(3600, 7200),
      tokens: fc.array(tokenArb, { minLength: 20, maxLength: 40 }),
    }));
    let notWidened = 0;
    fc.assert(fc.property(caseArb, (c) => {
      const before = template({ Deploy: { statements: c.old.map(statementOf), props: { MaxSessionDuration: c.oldSession } } });
      const after = template({ Deploy: { statements: c.now.map(statementOf), props: { MaxSessionDuration: c.newSession } } });
      const diff = diffOf(before, after);
      if (diff.trustWidened) return;
      notWidened++;
      const oldEntry = review.TrustReview.cloudFormation(before, 'a').entries[0];
      const newEntry = review.TrustReview.cloudFormation(after, 'a').entries[0];
      expect(c.newSession).toBeLessThanOrEqual(c.oldSession);
      // Tokens: random ones, and instances of the new rules' values.
      const instances = c.now.map((rule) => Object.fromEntries(rule.map((cond) => [cond.claim, cond.values[0].replace(/\*/g, 'ab').replace(/\?/g, 'x')])));
      for (const t of [...c.tokens, ...instances]) {
        const claims = { aud: 'sts.amazonaws.com', ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) };
        if (newEntry.evaluate(claims).allowed) expect({ claims, old: oldEntry.evaluate(claims).allowed }).toEqual({ claims, old: true });
      }
    }), PROPERTY_PARAMS);
    // Not vacuous: a good share of the cases is judged "not widened".
    expect(notWidened).toBeGreaterThan((PROPERTY_PARAMS.numRuns ?? 1000) / 10);
  });
});
