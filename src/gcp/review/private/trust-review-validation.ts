import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { addressInPath, configFile, elementsByAddress } from './stack-config';
import { Severity } from '../../../core/lint/finding';
import { ReviewFinding } from '../../../review/review-finding';
import { TrustReview } from '../../../review/trust-review';

/**
 * Reviews a stack's configuration when cdktf validates the stack (after every aspect ran, before
 * annotations are collected): each finding becomes an annotation on the resource it is about
 * (the stack when there is none), once however often the stack is validated. Error findings are
 * returned as validation errors when `failOnError`; otherwise they are warnings, because an
 * error annotation always fails synthesis.
 */
export class TrustReviewValidation implements IValidation {
  private readonly annotated = new Set<string>();

  constructor(private readonly stack: TerraformStack, private readonly failOnError: boolean) {}

  public validate(): string[] {
    let findings: ReviewFinding[];
    try {
      findings = TrustReview.terraform(this.stack.toTerraform(), configFile(this.stack)).findings;
    } catch (e) {
      // Fail closed: what cannot be reviewed is reported, never ignored.
      const message = `workload-trust review: the configuration of ${this.stack.node.path} could not be reviewed (${(e as Error).message}); review its workload identity federation by hand.`;
      this.annotate(this.stack, this.failOnError ? Severity.ERROR : Severity.WARNING, message);
      return this.failOnError ? [message] : [];
    }
    const elements = elementsByAddress(this.stack);
    const errors: string[] = [];
    for (const f of findings) {
      const address = addressInPath(f.jsonPath);
      const target = (address === undefined ? undefined : elements.get(address)) ?? this.stack;
      const message = `${f.id} ${f.title} (${f.severity}): ${f.message} Fix: ${f.fix} [${f.jsonPath}]`;
      this.annotate(target, f.severity === Severity.ERROR && !this.failOnError ? Severity.WARNING : f.severity, message);
      if (f.severity === Severity.ERROR && this.failOnError) errors.push(message);
    }
    return errors;
  }

  private annotate(target: IConstruct, level: Severity, message: string): void {
    const key = `${target.node.path}\0${level}\0${message}`;
    if (this.annotated.has(key)) return;
    this.annotated.add(key);
    const annotations = Annotations.of(target);
    if (level === Severity.ERROR) annotations.addError(message);
    else if (level === Severity.WARNING) annotations.addWarning(message);
    else annotations.addInfo(message);
  }
}
