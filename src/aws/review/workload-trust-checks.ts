import { CfnResource, PolicyValidationPluginReport, PolicyViolatingResource, PolicyViolation, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { currentTemplate, logicalIdOf } from './private/stack-template';
import { NagRuleOutcome, ReviewedRole, ruleInfo, WorkloadTrustNagRule } from './rules/nag-rule';
import { NAG_RULES } from './rules/registry';
import { TargetCloud } from '../../core/issuer';
import { Severity } from '../../core/lint/finding';
import { ReviewFinding } from '../../review/review-finding';
import { TrustReport } from '../../review/trust-report';
import { TrustReview } from '../../review/trust-review';

/** The pack name: rule IDs are `WorkloadTrust-<finding ID>`, e.g. `WorkloadTrust-WT101`. */
const PACK_NAME = 'WorkloadTrust';

/** What one rule found on one role, kept to describe the violation. */
interface Detail {
  readonly messages: string[];
  readonly locations: string[];
  readonly logicalId?: string;
}

/**
 * A cdk-nag rule pack that reviews the trust policy of every `AWS::IAM::Role` in the scope, as
 * the `workload-trust` review does for synthesized templates: the core lint rules (`WT1xx`) on
 * the rules read back, and the review rules that apply to AWS roles (`WT201`, `WT202`, `WT205`,
 * `WT206`). It reads any role, not only those this library declared.
 *
 * Each finding is reported as `WorkloadTrust-<ID>` (e.g. `WorkloadTrust-WT101`) at the rule's
 * severity (cdk-nag reports errors as errors, warnings and info as warnings), with the review's
 * message and the JSON path in the template. Suppress it by ID with cdk-nag 3's mechanism,
 * `Validations.of(construct).acknowledge({ id: 'WorkloadTrust-WT104', reason: '...' })`, on the
 * role or any scope above it. A rule that cannot evaluate a role (its template cannot be read)
 * reports an error-level "could not evaluate" violation under its ID instead of crashing.
 *
 * @example
 * declare const app: App;
 * Validations.of(app).addPlugins(new awsReview.WorkloadTrustChecks(app));
 *
 * // in a test, without synthesizing:
 * declare const stack: Stack;
 * const report = new awsReview.WorkloadTrustChecks().validateScope(stack);
 */
export class WorkloadTrustChecks extends NagPack {
  /** The plugin name shown in validation reports. */
  public readonly name: string = PACK_NAME;
  /** The rule IDs of the pack, in order, as cdk-nag reports them (`WorkloadTrust-WT101`, ...). */
  public readonly ruleIds?: string[] = NAG_RULES.map((r) => `${PACK_NAME}-${r.id}`);
  private readonly reports = new Map<Stack, TrustReport | Error>();
  private readonly details = new Map<string, Detail>();

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PACK_NAME;
  }

  /**
   * Validates every role in the construct tree directly (the entry point for tests; synthesis
   * calls `validate`, which comes here too). Each stack's template is reviewed once per call.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.reports.clear();
    this.details.clear();
    try {
      const report = super.validateScope(scope);
      return { ...report, violations: report.violations.map((v) => this.describe(v)) };
    } finally {
      this.reports.clear();
      this.details.clear();
    }
  }

  protected checkResource(node: CfnResource): void {
    if (node.cfnResourceType !== 'AWS::IAM::Role') return;
    let role: ReviewedRole | Error;
    try {
      role = this.reviewRole(node);
    } catch (e) {
      role = asError(e);
    }
    for (const rule of NAG_RULES) {
      const info = ruleInfo(rule.id);
      const outcome = evaluate(rule, role);
      const ruleId = `${PACK_NAME}-${rule.id}`;
      if (outcome instanceof Error) {
        this.details.set(key(ruleId, node), {
          messages: [`could not evaluate: ${outcome.message} Review this role's trust policy by hand, or acknowledge ${ruleId} with a reason.`],
          locations: ['Properties.AssumeRolePolicyDocument'],
        });
      } else if (outcome.compliance === NagRuleCompliance.NON_COMPLIANT) {
        const logicalId = role instanceof Error ? undefined : role.logicalId;
        this.details.set(key(ruleId, node), {
          messages: outcome.findings.map((f) => f.message),
          locations: [...new Set(outcome.findings.map((f) => relativePath(f, logicalId)))],
          logicalId,
        });
      }
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: `${info.title}. Fix: ${info.fix}`,
        explanation: info.explanation,
        // Fail closed: what cannot be evaluated is an error, whatever the rule's severity.
        level: outcome instanceof Error ? NagMessageLevel.ERROR : levelOf(info.severity),
        node,
        rule: () => {
          if (outcome instanceof Error) throw outcome;
          return outcome.compliance;
        },
      });
    }
  }

  /** The role's entries in its stack's report (the stack is reviewed once per validation). */
  private reviewRole(node: CfnResource): ReviewedRole {
    const stack = Stack.of(node);
    let report = this.reports.get(stack);
    if (report === undefined) {
      try {
        report = TrustReview.cloudFormation(currentTemplate(stack), stack.templateFile);
      } catch (e) {
        report = asError(e);
      }
      this.reports.set(stack, report);
    }
    if (report instanceof Error) throw new Error(`the template of ${stack.node.path} could not be read (${report.message}).`);
    const logicalId = logicalIdOf(node);
    return { logicalId, entries: report.entries.filter((e) => e.cloud === TargetCloud.AWS && e.identity.address === logicalId) };
  }

  /** The violation with the review's messages and the JSON paths of what each finding is about. */
  private describe(violation: PolicyViolation): PolicyViolation {
    const lines: string[] = [];
    const resources: PolicyViolatingResource[] = violation.violatingResources.map((r) => {
      const detail = r.constructPath === undefined ? undefined : this.details.get(`${violation.ruleName}\0${r.constructPath}`);
      if (detail === undefined) return r;
      lines.push(...detail.messages.map((m) => `${r.constructPath}: ${m}`));
      return {
        ...r,
        locations: detail.locations.length > 0 ? detail.locations : r.locations,
        resourceLogicalId: r.resourceLogicalId ?? detail.logicalId,
      };
    });
    const base = violation.description.startsWith('Rule threw an error') ? `${violation.ruleName} could not be evaluated.` : violation.description;
    return { ...violation, description: [base, ...lines].join('\n'), violatingResources: resources };
  }
}

/** The rule's outcome for the role, or the error that kept it from one. Never throws. */
function evaluate(rule: WorkloadTrustNagRule, role: ReviewedRole | Error): NagRuleOutcome | Error {
  if (role instanceof Error) return role;
  try {
    return rule.check(role);
  } catch (e) {
    return asError(e);
  }
}

function levelOf(severity: Severity): NagMessageLevel {
  switch (severity) {
    case Severity.ERROR: return NagMessageLevel.ERROR;
    case Severity.WARNING: return NagMessageLevel.WARN;
    default: return NagMessageLevel.INFO;
  }
}

function key(ruleId: string, node: CfnResource): string {
  return `${ruleId}\0${node.node.path}`;
}

/** The finding's JSON path inside the resource (`Properties.AssumeRolePolicyDocument.Statement[0]`). */
function relativePath(f: ReviewFinding, logicalId: string | undefined): string {
  const prefix = logicalId === undefined ? undefined : [`Resources.${logicalId}.`, `Resources["${logicalId}"].`].find((p) => f.jsonPath.startsWith(p));
  return prefix ? f.jsonPath.substring(prefix.length) : f.jsonPath;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
