import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import * as fc from 'fast-check';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { platformBlueprint } from './support';
import { blueprint } from '../../src';
import { PROPERTY_PARAMS, patternTokens, refMatchTokens } from '../core/support';
import { errorOf } from '../support/assertions';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'platform-blueprint.yaml');
const exampleText = readFileSync(EXAMPLE, 'utf8');

/** Every synthesized template of a blueprint: AWS stacks by ID, and the Terraform JSON. */
function synthesized(bp: blueprint.TrustBlueprint): { aws: { [id: string]: any }; google: any } {
  const aws = Object.fromEntries(bp.toAws(new App()).stacks.map((s) => [s.node.id, Template.fromStack(s).toJSON()]));
  return { aws, google: JSON.parse(Testing.synth(bp.toGoogle(Testing.app()).stack)) };
}

describe('the example file', () => {
  test('loads into the same blueprint as the code API: identical templates on both clouds', () => {
    const fromFile = synthesized(blueprint.BlueprintFile.load(EXAMPLE));
    const fromCode = synthesized(platformBlueprint());
    expect(Object.keys(fromFile.aws)).toEqual(['acme-platform-111111111111-eu-west-1', 'acme-platform-222222222222-us-east-1']);
    expect(fromFile).toEqual(fromCode);
  });

  test('its JSON form is read the same way', () => {
    const json = JSON.stringify(parseYaml(exampleText), null, 2);
    expect(synthesized(blueprint.BlueprintFile.parse(json, 'platform-blueprint.json'))).toEqual(synthesized(blueprint.BlueprintFile.load(EXAMPLE)));
  });

  test('validates against the committed blueprint.schema.json with a fresh validator', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'blueprint.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(parseYaml(exampleText))).toBe(true);
    expect(validate({ ...parseYaml(exampleText), extra: 1 })).toBe(false);
  });
});

test('blueprint.schema.json is the schema the library validates with (regenerate: npx projen blueprint-schema)', () => {
  expect(JSON.parse(readFileSync(path.join(ROOT, 'blueprint.schema.json'), 'utf8'))).toEqual(blueprint.BlueprintFile.schema());
});

/** The example with one edit, and the error it causes. */
function errorFor(edit: (text: string) => string, fileName = 'blueprint.yaml'): { code?: string; message: string } {
  const text = edit(exampleText);
  expect(text).not.toBe(exampleText);
  return errorOf(() => blueprint.BlueprintFile.parse(text, fileName));
}

/** The line of the example file (1-based) where `needle` first occurs. */
function lineOf(needle: string, text = exampleText): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('errors point at the file, line, column and field, and say the rule and the fix', () => {
  test('schema errors: all of them at once, each with its position and the field\'s rule', () => {
    const edit = (t: string) => t.replace('account: "222222222222"', 'account: 222222222222').replace('type: github-actions', 'type: github').replace('owner: platform-team', 'owner: platform-team\nteam: x');
    const error = errorFor(edit);
    expect(error.code).toBe('BlueprintInvalidFile');
    const lines = error.message.split('\n');
    expect(lines).toContainEqual(`  blueprint.yaml:${lineOf('type: github', edit(exampleText))}:11: issuers.github.type: "github" is not one of "github-actions", "gitlab", "terraform-cloud", "kubernetes", "oidc" (The kind of issuer.).`);
    expect(lines).toContainEqual(`  blueprint.yaml:${lineOf('account: 222222222222', edit(exampleText))}:18: workloads.api-prod.aws[1].account: 222222222222 is not of type string (The AWS account ID: 12 digits, quoted so YAML keeps it a string.).`);
    expect(lines.some((l) => /^ {2}blueprint\.yaml:\d+:1: \(file\): unknown field "team"; allowed: name, owner, maxSessionMinutes/.test(l))).toBe(true);
    expect(error.message).toMatch(/Fix: correct the fields listed; blueprint.schema.json/);
  });

  test('more than 20 schema errors: the first 20 are listed and the rest counted', () => {
    const workloads = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`w${i}`, { issuer: 'main', rules: [{ claims: { sub: { equals: ['x'] } } }], aws: [{ account: 1, region: 'eu-west-1' }] }]));
    const error = errorOf(() => blueprint.BlueprintFile.parse(JSON.stringify({ name: 'acme-ci', owner: 'ops', issuers: { main: { type: 'oidc', url: 'https://issuer.example.com' } }, workloads }), 'b.json'));
    const listed = error.message.split('\n').filter((l) => /^ {2}b\.json:\d+:\d+: workloads\.w\d+\.aws\[0\]\.account: 1 is not of type string/.test(l));
    expect(listed).toHaveLength(20);
    expect(error.message).toContain('\n  … and 5 more\n');
  });

  test.each([
    ['a missing required field', (t: string) => t.replace(/^owner: platform-team\n/m, ''), /blueprint\.yaml:\d+:1: \(file\): the required field "owner" is missing/],
    ['an account ID of 11 digits', (t: string) => t.replace('"222222222222"', '"22222222222"'), /workloads\.api-prod\.aws\[1\]\.account: "22222222222" does not match/],
    ['a workload name with capitals', (t: string) => t.replace('  web-prod:', '  WebProd:'), /workloads: the name "WebProd" is not valid/],
    ['a session longer than 12 hours', (t: string) => t.replace('maxSessionMinutes: 30', 'maxSessionMinutes: 721'), /maxSessionMinutes: 721: must be <= 720/],
    ['a service account ID too short', (t: string) => t.replace('accountId: api-deployer', 'accountId: api'), /workloads\.api-prod\.google\.serviceAccounts\[0\]\.accountId: "api" does not match/],
    ['an unknown rule field', (t: string) => t.replace('environment: prod }', 'enviroment: prod }'), /rules\[0\]\.github: unknown field "enviroment"/],
  ])('%s', (_, edit, message) => {
    const error = errorFor(edit);
    expect(error.code).toBe('BlueprintInvalidFile');
    expect(error.message).toMatch(message);
  });

  test.each([
    ['an undeclared issuer', (t: string) => t.replace('issuer: github\n    rules:\n      - github: { repository: acme/api', 'issuer: gitlab\n    rules:\n      - github: { repository: acme/api'),
      'BlueprintUnknownReference', 'workloads.api-prod.issuer', /the issuer "gitlab" is not declared\. Fix: use one of \["github"\]/],
    ['two ref selectors in one rule', (t: string) => t.replace('environment: prod }', 'environment: prod, branch: main }'),
      'BlueprintInvalidFile', 'workloads.web-prod.rules[0]', /exactly one of environment, branch.*has "environment, branch"/],
    ['half a pin', (t: string) => t.replace('repositoryId: "200001", ', ''),
      'BlueprintInvalidFile', 'workloads.web-prod.rules[0]', /ownerId is given without repositoryId/],
    ['a selector of another issuer type', (t: string) => t.replace('- github: { repository: acme/web, repositoryId: "200001", ownerId: "789", environment: prod }', '- gitlab: { project: acme/web, branch: main }'),
      'BlueprintInvalidFile', 'workloads.web-prod.rules[0]', /selector gitlab is for issuers of type gitlab, but the workload's issuer is of type github-actions/],
    ['a repository name GitHub refuses', (t: string) => t.replace('repository: acme/api,', 'repository: "acme/api*",'),
      'InvalidIdentifier', 'workloads.api-prod.rules[0]', /repository name "api\*" is not valid/],
    ['a condition with both equals and like', (t: string) => t.replace('- github: { repository: acme/web, repositoryId: "200001", ownerId: "789", environment: prod }', '- claims: { sub: { equals: [a], like: [b] } }'),
      'BlueprintInvalidFile', 'workloads.web-prod.rules[0]', /needs exactly one of equals and like/],
    ['a pattern that admits every token of the issuer', (t: string) => t.replace('- github: { repository: acme/web, repositoryId: "200001", ownerId: "789", environment: prod }', '- claims: { sub: { like: ["*"] } }'),
      'UnacknowledgedFindings', 'workloads.web-prod', /WT103/],
  ])('%s', (_, edit, code, field, message) => {
    const error = errorFor(edit);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(new RegExp(`^\\[${code}\\] blueprint\\.yaml:\\d+:\\d+: ${field.replace(/[.[\]]/g, '\\$&')}[: ]`));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Fix: /);
  });

  test('the position is the offending node\'s', () => {
    const error = errorFor((t) => t.replace('issuer: github\n    rules:\n      - github: { repository: acme/api', 'issuer: gitlab\n    rules:\n      - github: { repository: acme/api'));
    const text = exampleText.replace('issuer: github\n    rules:\n      - github: { repository: acme/api', 'issuer: gitlab\n    rules:\n      - github: { repository: acme/api');
    expect(error.message).toContain(`blueprint.yaml:${lineOf('issuer: gitlab', text)}:13: workloads.api-prod.issuer:`);
  });

  test('acknowledgements in the file reach the rule, with their reasons', () => {
    const text = exampleText.replace('- github: { repository: acme/web, repositoryId: "200001", ownerId: "789", environment: prod }',
      '- github: { repository: acme/web, repositoryId: "200001", ownerId: "789", environment: prod }\n      - claims: { sub: { equals: ["repo:acme/web:environment:prod"] }, actor: { like: ["*"] } }\n        acknowledge: { WT103: "any actor of the prod environment may deploy" }');
    const workload = blueprint.BlueprintFile.parse(text, 'blueprint.yaml').workload('web-prod');
    expect(workload.trust.rules).toHaveLength(2);
    expect(workload.trust.findings.filter((f) => f.id === 'WT103').map((f) => f.acknowledgedBecause)).toEqual(['any actor of the prod environment may deploy']);
  });

  test('syntax errors and unreadable files', () => {
    const syntax = errorFor((t) => t.replace('owner: platform-team', 'owner: [platform-team'));
    expect(syntax.code).toBe('BlueprintUnreadableFile');
    expect(syntax.message).toMatch(/^\[BlueprintUnreadableFile\] blueprint\.yaml:\d+:\d+: not valid YAML or JSON: /);
    const duplicate = errorFor((t) => t.replace('owner: platform-team', 'owner: platform-team\nowner: other'));
    expect(duplicate.message).toMatch(/not valid YAML or JSON: Map keys must be unique/);
    const missing = errorOf(() => blueprint.BlueprintFile.load('/nonexistent/blueprint.yaml'));
    expect(missing.code).toBe('BlueprintUnreadableFile');
    expect(missing.message).toMatch(/^\[BlueprintUnreadableFile\] \/nonexistent\/blueprint\.yaml: the blueprint file cannot be read/);
  });
});

describe('issuers and selectors of every type', () => {
  function load(issuer: object, rule: object, extra: object = {}): blueprint.TrustBlueprint {
    return blueprint.BlueprintFile.parse(toYaml({ name: 'acme-ci', owner: 'ops', issuers: { main: issuer }, workloads: { deploy: { issuer: 'main', rules: [rule], ...extra } } }), 'b.yaml');
  }
  const claimsOf = (bp: blueprint.TrustBlueprint) => bp.workload('deploy').trust.rules.flatMap((r) => r.conditions.map((c) => c.toString()));

  test('gitlab, self-managed, pinned and protected', () => {
    const bp = load({ type: 'gitlab', host: 'gitlab.example.com' }, { gitlab: { project: 'acme/api', projectId: '42', namespaceId: '7', protectedRefsOnly: true, branch: 'main' } });
    expect(bp.issuers[0].issuer.url).toBe('https://gitlab.example.com');
    expect(claimsOf(bp).join('\n')).toMatch(/project_id.*42[\s\S]*ref_protected/);
  });

  test('terraform-cloud apply phase, and kubernetes service accounts', () => {
    const tfc = load({ type: 'terraform-cloud' }, { terraformCloud: { organization: 'acme', project: 'Default', workspace: 'dns', phase: 'apply' } });
    expect(claimsOf(tfc).join('\n')).toMatch(/run_phase:apply/);
    const k8s = load({ type: 'kubernetes', url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' }, { kubernetes: { namespace: 'payments', serviceAccount: 'api' } });
    expect(claimsOf(k8s)).toEqual(['sub equals "system:serviceaccount:payments:api"']);
  });

  test('github enterprise and a generic issuer with audiences', () => {
    expect(load({ type: 'github-actions', enterprise: 'acme' }, { github: { repository: 'acme/api', anyRef: true } }).issuers[0].issuer.url).toBe('https://token.actions.githubusercontent.com/acme');
    const generic = load({ type: 'oidc', url: 'https://issuer.example.com' }, { claims: { sub: { equals: ['deployer'] } } }, { audiences: ['api://deploy'] });
    expect(generic.workload('deploy').trust.audiences).toEqual(['api://deploy']);
    expect(errorOf(() => load({ type: 'oidc' }, { claims: { sub: { equals: ['x'] } } })).message).toMatch(/issuers\.main: the field url is missing/);
    expect(errorOf(() => load({ type: 'gitlab', url: 'https://x.example.com' }, { gitlab: { project: 'a/b', anyRef: true } })).message).toMatch(/"url" does not apply to issuers of type gitlab/);
  });
});

describe('claims rules from a file admit exactly the tokens a reference matcher admits (property)', () => {
  const CLAIMS = ['ref', 'env', 'team'];
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '"', ':', '\\', ' ', 'é'), maxLength: 4 });
  const condition = fc.record({ op: fc.constantFrom('equals', 'like'), values: fc.array(text.filter((s) => s.length > 0), { minLength: 1, maxLength: 2 }) });
  const rule = fc.record({ sub: fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 2 }), others: fc.dictionary(fc.constantFrom(...CLAIMS), condition, { maxKeys: 2 }) });
  const token = fc.record({ sub: fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 2 }), ...Object.fromEntries(CLAIMS.map((c) => [c, fc.option(text, { nil: undefined })])) });

  /** Independent of src: equals is membership, like is the reference glob matcher of the core tests. */
  type RuleData = { sub: string; others: { [claim: string]: { op: string; values: string[] } } };
  function reference(rules: RuleData[], claims: { [claim: string]: string | undefined }): boolean {
    return rules.some((r) => claims.sub === r.sub && Object.entries(r.others).every(([claim, c]) => {
      const value = claims[claim];
      if (value === undefined) return false;
      return c.op === 'equals' ? c.values.includes(value) : c.values.some((p) => refMatchTokens(patternTokens(p), value));
    }));
  }

  /** A rule as a file writes it; the pattern "*" is acknowledged, as the generator may write it. */
  const ruleOf = (r: RuleData) => ({
    acknowledge: { WT103: 'the property test generates any pattern' },
    claims: { sub: { equals: [r.sub] }, ...Object.fromEntries(Object.entries(r.others).map(([k, c]) => [k, { [c.op]: c.values }])) },
  });

  test('YAML and JSON files, any values (quotes, backslashes, wildcards as literals in equals)', () => {
    const rules = fc.array(rule, { minLength: 1, maxLength: 3 });
    const tokens = fc.array(token, { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(rules, tokens, fc.boolean(), (ruleData, tokenData, asJson) => {
      const data = {
        name: 'acme-ci',
        owner: 'ops',
        maxSessionMinutes: 20,
        issuers: { main: { type: 'oidc', url: 'https://issuer.example.com' } },
        workloads: { deploy: { issuer: 'main', audiences: ['aud-1'], rules: ruleData.map(ruleOf) } },
      };
      const trust = blueprint.BlueprintFile.parse(asJson ? JSON.stringify(data) : toYaml(data), asJson ? 'b.json' : 'b.yaml').workload('deploy').trust;
      expect(trust.maxSession.toSeconds()).toBe(1200);
      for (const t of tokenData) {
        const claims = Object.fromEntries(Object.entries({ ...t, aud: 'aud-1' }).filter(([, v]) => v !== undefined));
        expect(trust.evaluate(claims).allowed).toBe(reference(ruleData, t));
        expect(trust.evaluate({ ...claims, aud: 'aud-2' }).allowed).toBe(false);
      }
    }), PROPERTY_PARAMS);
  });
});
