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
 * Add it to each stack, or to any construct in a stack (it reviews the whole stack): cdktf 0.21
 * invokes aspects from each stack down, so an aspect added to the `App` is never invoked. The
 * review runs when cdktf validates the stack (`app.synth()`, `Testing.synth(stack, true)`),
 * after every aspect, on the configuration as it will be written. With `failOnError`, error
 * findings fail synthesis. Apps synthesized with `skipValidation` are not reviewed.
 *
 * @example
 * declare const stack: TerraformStack;
 * Aspects.of(stack).add(new gcpReview.TrustReviewAspect({ failOnError: true }));
 */
export class TrustReviewAspect implements IAspect {
  private readonly failOnError: boolean;
  private readonly stacks = new WeakSet<TerraformStack>();

  constructor(props: TrustReviewAspectProps = {}) {
    this.failOnError = props.failOnError ?? false;
  }

  /** Registers the review on the stack of the construct (once per stack). */
  public visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (stack === undefined || this.stacks.has(stack)) return;
    this.stacks.add(stack);
    stack.node.addValidation(new TrustReviewValidation(stack, this.failOnError));
  }
}

function stackOf(node: IConstruct): TerraformStack | undefined {
  if (TerraformStack.isStack(node)) return node;
  try {
    return TerraformStack.of(node);
  } catch {
    return undefined; // the App, or a construct outside any stack
  }
}
