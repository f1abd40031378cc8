import { TrustPolicy } from '../src';

/** A token an example workload could present, and the decision the declaration should reach. */
export interface ExampleToken {
  readonly label: string;
  readonly claims: { [claim: string]: any };
  readonly expectAllowed: boolean;
}

/** One declaration from examples/, with tokens to try against it. */
export interface Example {
  readonly name: string;
  readonly policy: TrustPolicy;
  /** The target cloud's default audiences the tokens are judged with. */
  readonly targetDefaultAudiences: string[];
  readonly tokens: ExampleToken[];
}
