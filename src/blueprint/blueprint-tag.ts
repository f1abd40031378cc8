import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { TrustBlueprint } from './trust-blueprint';

/** The tag keys every AWS resource of a blueprint carries, so owners can find and audit them. */
export class BlueprintTag {
  /** The blueprint name. */
  public static readonly BLUEPRINT = 'workload-trust:blueprint';
  /** The blueprint owner. */
  public static readonly OWNER = 'workload-trust:owner';
  /** The workload a role is for. */
  public static readonly WORKLOAD = 'workload-trust:workload';

  /** Tags a construct (and its taggable children) with the blueprint, its owner and the workload. */
  public static applyTo(scope: IConstruct, blueprint: TrustBlueprint, workload?: string): void {
    Tags.of(scope).add(BlueprintTag.BLUEPRINT, blueprint.name);
    Tags.of(scope).add(BlueprintTag.OWNER, blueprint.owner);
    if (workload !== undefined) Tags.of(scope).add(BlueprintTag.WORKLOAD, workload);
  }
}
