import { IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { TrustReviewValidation } from './private/trust-review-validation';

/** Options of {@link TrustReviewAspect}. */
export interface TrustReviewAspectProps {
  /**
   * Whether error-level findings fail synthesis (as cdktf validation errors). When false they are
   * reported as warning annotations, because cdktf fails synthesis on any error annotation.
   * @default false
   */
  readonly failOnError?: boolean;
}

/**
 * A cdktf aspect that reviews the workload identity federation of every `TerraformStack` it
 * visits, as the `workload-trust` review does for `cdktf.out`: Google pools, providers and every
 * binding of their principals, whoever declared them. Findings (`WT1xx` core lint, `WT2xx` review
 * rules, e.g. `WT203` provider without condition, `WT204` pool-wide binding) become annotations
 * on the resource they are about, with the ID, the message and the fix.
 *
 * The review runs when cdktf validates the stack (`app.synth()`, `Testing.synth(stack, true)`),
 * after every aspect, on the configuration as it will be written. With `failOnError`, error
 * findings fail synthesis. Apps synthesized with `skipValidation` are not reviewed.
 *
 * @example
 * declare const app: App;
 * Aspects.of(app).add(new gcpReview.TrustReviewAspect({ failOnError: true }));
 */
export class TrustReviewAspect implements IAspect {
  private readonly failOnError: boolean;
  private readonly stacks = new WeakSet<TerraformStack>();

  constructor(props: TrustReviewAspectProps = {}) {
    this.failOnError = props.failOnError ?? false;
  }

  /** Registers the review on a stack (once); other constructs are left alone. */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.stacks.has(node)) return;
    this.stacks.add(node);
    node.node.addValidation(new TrustReviewValidation(node, this.failOnError));
  }
}
