import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { constructAt } from '../../../review/private/construct-path';
import { awsReviewError, AwsReviewErrorCode } from '../errors';

/**
 * The stack's template as `cdk synth` writes it: the stack's Stage is synthesized, so aspects,
 * validations and cross-stack references all apply. Unlike `Template.fromStack`, every call
 * synthesizes again (`force`): a change made after an earlier assertion (a statement added to a
 * role's trust) must never be judged on the stale cloud assembly.
 */
export function synthesizedTemplate(stack: Stack): any {
  const stage = Stage.of(stack);
  if (!stage) {
    throw awsReviewError(AwsReviewErrorCode.TEMPLATE_UNAVAILABLE, `The stack ${stack.node.path} is in no Stage or App, so it cannot be synthesized.`, 'create the stack inside an App (new Stack(new App(), ...)).');
  }
  const assembly = stage.synth({ force: true });
  if (stack.nestedStackParent) {
    return JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8'));
  }
  return assembly.getStackArtifact(stack.artifactId).template;
}

/**
 * The stack's template as it stands, without synthesizing the app: every CloudFormation element
 * of the stack resolved. For the nag pack, which runs inside synthesis (after aspects and
 * cross-stack references) or from a test before it (then a cross-stack reference cannot be
 * resolved yet, and this throws).
 */
export function currentTemplate(stack: Stack): any {
  // Stack#_toCloudFormation is what the stack synthesizer writes to the template file; it is
  // internal to aws-cdk-lib, so check it is still there.
  const toCloudFormation = (stack as any)._toCloudFormation;
  if (typeof toCloudFormation !== 'function') {
    throw awsReviewError(AwsReviewErrorCode.TEMPLATE_UNAVAILABLE, `This version of aws-cdk-lib gives no way to read the template of ${stack.node.path} during validation.`, 'use the aws-cdk-lib version this library is tested with, or review the synthesized cdk.out with the workload-trust CLI.');
  }
  return toCloudFormation.call(stack);
}

/** The logical ID of a CloudFormation element, resolved. */
export function logicalIdOf(element: CfnElement): string {
  return Stack.of(element).resolve(element.logicalId);
}

/**
 * The `AWS::IAM::Role` a construct path names: the construct itself, its default child, or the
 * only role below it.
 *
 * @returns the role, or undefined when the path names no construct
 * @throws when the construct has no role, or several
 */
export function roleAt(stack: Stack, constructPath: string): CfnResource | undefined {
  const construct = constructAt(stack, constructPath);
  if (construct === undefined) return undefined;
  const roles = construct.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role' && Stack.of(c) === stack);
  const preferred = roles.find((r) => r === construct || r === construct.node.defaultChild);
  if (preferred) return preferred;
  if (roles.length === 1) return roles[0];
  throw awsReviewError(AwsReviewErrorCode.NOT_A_ROLE,
    `${construct.node.path} ${roles.length === 0 ? 'holds no IAM role' : `holds ${roles.length} IAM roles (${roles.map((r) => r.node.path).join(', ')})`} of the stack ${stack.node.path}.`,
    'name the role construct itself (e.g. the FederatedRole or iam.Role), its logical ID or its role name.');
}

