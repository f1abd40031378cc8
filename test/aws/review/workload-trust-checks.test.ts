import { App, CfnParameter, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { CfnRole, Role, ServicePrincipal, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import { aws, awsReview, GitHubActions, LintRules, review } from '../../../src';
import { noSubjectRestriction } from '../../../src/aws/review/rules/no-subject-restriction';

const GH = 'token.actions.githubusercontent.com';
const ARN = `arn:aws:iam::123456789012:oidc-provider/${GH}`;
const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };
const IDS = { [`${GH}:repository_id`]: '1', [`${GH}:repository_owner_id`]: '2' };
const PINNED = { ...AUD, ...IDS, [`${GH}:sub`]: 'repo:acme/app:environment:prod' };

/** A web identity statement for the GitHub provider with this Condition block. */
function statement(condition: unknown): any {
  return { Effect: 'Allow', Principal: { Federated: ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition };
}

/** A stack with one hand-written role (CfnRole) with these statements. */
function roleStack(statements: unknown[], props: { maxSessionDuration?: number } = {}): { stack: Stack; role: CfnRole } {
  const stack = new Stack(new App(), 'Stack');
  const role = new CfnRole(stack, 'Role', { assumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements }, ...props });
  return { stack, role };
}

/** The rule names and severities the pack reports for the scope. */
function violations(report: PolicyValidationPluginReport): string[] {
  return report.violations.map((v) => `${v.ruleName} ${v.severity}`);
}

function check(statements: unknown[], props: { maxSessionDuration?: number } = {}): PolicyValidationPluginReport {
  return new awsReview.WorkloadTrustChecks().validateScope(roleStack(statements, props).stack);
}

describe('the WorkloadTrustChecks pack', () => {
  test('rule IDs: every core lint rule and the review rules that apply to AWS roles, as WorkloadTrust-<ID>', () => {
    const pack = new awsReview.WorkloadTrustChecks();
    expect(pack.name).toBe('WorkloadTrust');
    expect(pack.readPackName).toBe('WorkloadTrust');
    const core = LintRules.all().map((r) => `WorkloadTrust-${r.id}`);
    expect(pack.ruleIds).toEqual([...core, 'WorkloadTrust-WT201', 'WorkloadTrust-WT202', 'WorkloadTrust-WT205', 'WorkloadTrust-WT206']);
    const reviewIds = review.ReviewRules.all().map((r) => r.id);
    for (const id of ['WT201', 'WT202', 'WT205', 'WT206']) expect(reviewIds).toContain(id);
  });

  test('a violation names the role, the review\'s message and fix, and the JSON path in the resource', () => {
    // GIVEN
    const report = check([statement({ StringEquals: AUD })]);

    // THEN
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([{
      ruleName: 'WorkloadTrust-WT101',
      severity: 'error',
      description: expect.stringMatching(/^No subject restriction\. Fix: .+\nStack\/Role: rule 1 checks no claim besides the audience/),
      violatingResources: [{ constructPath: 'Stack/Role', resourceLogicalId: 'Role', locations: ['Properties.AssumeRolePolicyDocument.Statement[0]'] }],
    }]);
  });

  test('verbose: the description carries the rule\'s explanation', () => {
    const { stack } = roleStack([statement({ StringEquals: AUD })]);
    const report = new awsReview.WorkloadTrustChecks(undefined, { verbose: true }).validateScope(stack);
    const explanation = LintRules.all().find((r) => r.id === 'WT101')!.explanation;
    expect(report.violations[0].description).toContain(explanation);
  });

  test('one violation per rule ID lists every role that breaks it', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    new CfnRole(stack, 'A', { assumeRolePolicyDocument: { Statement: [statement({ StringEquals: AUD })] } });
    new CfnRole(stack, 'B', { assumeRolePolicyDocument: { Statement: [statement({ StringEquals: AUD })] } });

    // WHEN
    const report = new awsReview.WorkloadTrustChecks().validateScope(stack);

    // THEN
    expect(violations(report)).toEqual(['WorkloadTrust-WT101 error']);
    expect(report.violations[0].violatingResources.map((r) => r.constructPath)).toEqual(['Stack/A', 'Stack/B']);
    expect(report.violations[0].description.split('\n').slice(1).map((l) => l.split(':')[0])).toEqual(['Stack/A', 'Stack/B']);
  });

  test('roles declared with this library (aws.FederatedRole, aws.OidcProvider) and service roles pass', () => {
    // GIVEN
    const github = GitHubActions.issuer();
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const provider = new aws.OidcProvider(stack, 'GitHub', { issuer: github });
    new aws.FederatedRole(stack, 'Deploy', { provider, trust: github.trust({ rules: [github.repository('acme/app').pinned({ repositoryId: '1', ownerId: '2' }).onEnvironment('prod')] }) });
    new Role(stack, 'Lambda', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });

    // THEN
    expect(new awsReview.WorkloadTrustChecks().validateScope(stack)).toEqual({ success: true, violations: [] });
  });

  test('a foreign iam.Role with a WebIdentityPrincipal is reviewed like any template', () => {
    const stack = new Stack(new App(), 'Stack');
    new Role(stack, 'Deploy', { assumedBy: new WebIdentityPrincipal(ARN, { StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }) });
    expect(violations(new awsReview.WorkloadTrustChecks().validateScope(stack))).toEqual([
      'WorkloadTrust-WT104 error', 'WorkloadTrust-WT106 warning', 'WorkloadTrust-WT107 error', 'WorkloadTrust-WT202 warning',
    ]);
  });

  test('the pack can be run again on a changed tree', () => {
    const { stack, role } = roleStack([statement({ StringEquals: AUD })]);
    const pack = new awsReview.WorkloadTrustChecks();
    expect(violations(pack.validateScope(stack))).toEqual(['WorkloadTrust-WT101 error']);
    role.assumeRolePolicyDocument = { Statement: [statement({ StringEquals: PINNED })] };
    expect(pack.validateScope(stack).violations).toEqual([]);
  });
});

describe('WorkloadTrust-WT101: no subject restriction', () => {
  test('Noncompliance 1: only the audience is checked', () => {
    expect(violations(check([statement({ StringEquals: AUD })]))).toEqual(['WorkloadTrust-WT101 error']);
  });

  test('Compliance', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT102: wildcard crosses the tenant boundary', () => {
  test('Noncompliance 1: repo:acme*/app also admits acme-evil/app', () => {
    expect(violations(check([statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: '1' }, StringLike: { [`${GH}:sub`]: 'repo:acme*/app:environment:prod' } })])))
      .toEqual(['WorkloadTrust-WT102 error']);
  });

  test('Compliance: the owner is spelt out', () => {
    expect(violations(check([statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: '1' }, StringLike: { [`${GH}:sub`]: 'repo:acme/app:environment:*' } })])))
      .not.toContain('WorkloadTrust-WT102 error');
  });
});

describe('WorkloadTrust-WT103: a condition matches everything', () => {
  test('Noncompliance 1: ref like *', () => {
    expect(violations(check([statement({ StringEquals: PINNED, StringLike: { [`${GH}:ref`]: '*' } })]))).toEqual(['WorkloadTrust-WT103 error']);
  });

  test('Compliance: ref like refs/heads/release/*', () => {
    expect(violations(check([statement({ StringEquals: PINNED, StringLike: { [`${GH}:ref`]: 'refs/heads/release/*' } })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT104: pull requests can get in', () => {
  test('Noncompliance 1: the pull_request subject', () => {
    expect(violations(check([statement({ StringEquals: { ...PINNED, [`${GH}:sub`]: 'repo:acme/app:pull_request' } })]))).toEqual(['WorkloadTrust-WT104 error']);
  });

  test('Compliance: an environment subject', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT105: long session', () => {
  test('Noncompliance 1: MaxSessionDuration of 2 hours', () => {
    expect(violations(check([statement({ StringEquals: PINNED })], { maxSessionDuration: 7200 }))).toEqual(['WorkloadTrust-WT105 warning']);
  });

  test('Compliance: 1 hour', () => {
    expect(violations(check([statement({ StringEquals: PINNED })], { maxSessionDuration: 3600 }))).toEqual([]);
  });
});

describe('WorkloadTrust-WT106: mutable names only', () => {
  test('Noncompliance 1: the subject without repository and owner IDs', () => {
    expect(violations(check([statement({ StringEquals: { ...AUD, [`${GH}:sub`]: 'repo:acme/app:environment:prod' } })]))).toEqual(['WorkloadTrust-WT106 warning']);
  });

  test('Compliance: pinned by IDs', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT107: tenant-wide wildcard', () => {
  test('Noncompliance 1: every repository of the owner', () => {
    expect(violations(check([statement({ StringEquals: { ...AUD, [`${GH}:repository_owner_id`]: '2' }, StringLike: { [`${GH}:sub`]: 'repo:acme/*:environment:prod' } })])))
      .toEqual(['WorkloadTrust-WT107 error']);
  });

  test('Compliance: one repository', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT201: ForAllValues in an Allow statement', () => {
  test('Noncompliance 1: ForAllValues:StringLike on ref', () => {
    expect(violations(check([statement({ 'StringEquals': PINNED, 'ForAllValues:StringLike': { [`${GH}:ref`]: 'refs/heads/*' } })]))).toEqual(['WorkloadTrust-WT201 error']);
  });

  test('Compliance: StringLike on ref', () => {
    expect(violations(check([statement({ StringEquals: PINNED, StringLike: { [`${GH}:ref`]: 'refs/heads/*' } })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT202: no audience check', () => {
  test('Noncompliance 1: no aud condition', () => {
    expect(violations(check([statement({ StringEquals: { ...IDS, [`${GH}:sub`]: 'repo:acme/app:environment:prod' } })]))).toEqual(['WorkloadTrust-WT202 warning']);
  });

  test('Compliance: aud is checked', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT205: trust policy near the size quota', () => {
  const big = (i: number) => statement({ StringEquals: { ...PINNED, [`${GH}:sub`]: `repo:acme/app:environment:${'e'.repeat(150)}${i}` } });

  test('Noncompliance 1: six long statements', () => {
    expect(violations(check(Array.from({ length: 6 }, (_, i) => big(i))))).toEqual(['WorkloadTrust-WT205 warning']);
  });

  test('Compliance: one statement', () => {
    expect(violations(check([big(0)]))).toEqual([]);
  });
});

describe('WorkloadTrust-WT206: trust the review could not understand', () => {
  test('Noncompliance 1: an operator the review does not model', () => {
    const report = check([statement({ StringEquals: PINNED, StringNotLike: { [`${GH}:ref`]: 'refs/pull/*' } })]);
    expect(violations(report)).toEqual(['WorkloadTrust-WT206 warning']);
    expect(report.violations[0].description).toContain('StringNotLike');
  });

  test('Noncompliance 2: a trust policy that is a parameter reference, on a role without web identity trust', () => {
    const stack = new Stack(new App(), 'Stack');
    const doc = new CfnParameter(stack, 'Trust', { type: 'String' });
    new CfnRole(stack, 'Role', { assumeRolePolicyDocument: doc.valueAsString });
    expect(violations(new awsReview.WorkloadTrustChecks().validateScope(stack))).toEqual(['WorkloadTrust-WT206 warning']);
  });

  test('Compliance: everything understood', () => {
    expect(violations(check([statement({ StringEquals: PINNED })]))).toEqual([]);
  });
});

describe('suppressions (cdk-nag 3: Validations.of(construct).acknowledge)', () => {
  test('acknowledging WorkloadTrust-WT104 on the role suppresses it there only', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const pr = { StringEquals: { ...PINNED, [`${GH}:sub`]: 'repo:acme/app:pull_request' } };
    const plan = new CfnRole(stack, 'Plan', { assumeRolePolicyDocument: { Statement: [statement(pr)] } });
    new CfnRole(stack, 'Other', { assumeRolePolicyDocument: { Statement: [statement(pr)] } });

    // WHEN
    Validations.of(plan).acknowledge({ id: 'WorkloadTrust-WT104', reason: 'read-only plan role for pull requests' });
    const report = new awsReview.WorkloadTrustChecks().validateScope(stack);

    // THEN
    expect(violations(report)).toEqual(['WorkloadTrust-WT104 error']);
    expect(report.violations[0].violatingResources.map((r) => r.constructPath)).toEqual(['Stack/Other']);
  });

  test('an acknowledgement on the stack covers every role in it; other IDs are still reported', () => {
    const { stack } = roleStack([statement({ StringEquals: { ...IDS, [`${GH}:sub`]: 'repo:acme/app:pull_request' } })]);
    Validations.of(stack).acknowledge({ id: 'WorkloadTrust-WT104', reason: 'plan roles for pull requests, reviewed in SEC-12' });
    expect(violations(new awsReview.WorkloadTrustChecks().validateScope(stack))).toEqual(['WorkloadTrust-WT202 warning']);
  });

  test('acknowledging the bare finding ID (WT104) does not suppress the pack\'s rule', () => {
    const { stack, role } = roleStack([statement({ StringEquals: { ...PINNED, [`${GH}:sub`]: 'repo:acme/app:pull_request' } })]);
    Validations.of(role).acknowledge({ id: 'WT104', reason: 'the wrong ID for the pack' });
    expect(violations(new awsReview.WorkloadTrustChecks().validateScope(stack))).toEqual(['WorkloadTrust-WT104 error']);
  });
});

describe('a rule that cannot evaluate a role reports an error, never crashes', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a rule that throws: "could not evaluate" at error level under its ID', () => {
    // GIVEN
    jest.spyOn(noSubjectRestriction, 'check').mockImplementation(() => {
      throw new Error('boom');
    });

    // WHEN
    const report = check([statement({ StringEquals: PINNED })]);

    // THEN
    expect(violations(report)).toEqual(['WorkloadTrust-WT101 error']);
    expect(report.violations[0].description).toMatch(/^WorkloadTrust-WT101 could not be evaluated\.\nStack\/Role: could not evaluate: boom/);
  });

  test('a template that cannot be read: every rule reports, at error level, and can be acknowledged', () => {
    // GIVEN a rename of a logical ID that does not exist: the stack's template cannot be produced
    const { stack, role } = roleStack([statement({ StringEquals: PINNED })]);
    stack.renameLogicalId('NoSuchId', 'Other');

    // WHEN
    const report = new awsReview.WorkloadTrustChecks().validateScope(stack);

    // THEN
    expect(report.violations.map((v) => v.ruleName)).toEqual(new awsReview.WorkloadTrustChecks().ruleIds);
    expect(report.violations.every((v) => v.severity === 'error')).toBe(true);
    expect(report.violations[0].description).toMatch(/could not evaluate: the template of Stack could not be read \(.*NoSuchId/);

    // WHEN acknowledged
    for (const id of new awsReview.WorkloadTrustChecks().ruleIds!) Validations.of(role).acknowledge({ id, reason: 'reviewed by hand in SEC-13' });
    expect(new awsReview.WorkloadTrustChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('at synthesis (Validations.of(app).addPlugins)', () => {
  test('a compliant app synthesizes, and the plugin reviewed it', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new CfnRole(stack, 'Role', { assumeRolePolicyDocument: { Statement: [statement({ StringEquals: PINNED })] } });
    const pack = new awsReview.WorkloadTrustChecks(app);
    const validate = jest.spyOn(pack, 'validateScope');
    Validations.of(app).addPlugins(pack);
    const exitCode = process.exitCode;

    // WHEN
    try {
      app.synth();

      // THEN
      expect(validate).toHaveBeenCalledTimes(1);
      expect(validate.mock.results[0].value).toEqual({ success: true, violations: [] });
      expect(process.exitCode).toBe(exitCode);
    } finally {
      // A failing synth plugin sets process.exitCode, which would fail the whole jest run.
      process.exitCode = exitCode;
    }
  });
});
