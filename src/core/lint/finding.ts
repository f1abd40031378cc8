/** How serious a lint finding is. */
export enum Severity {
  /** The trust is unsafe as declared: construction fails unless the finding is acknowledged. */
  ERROR = 'error',
  /** Likely a mistake or a weaker setup than needed: reported, construction goes on. */
  WARNING = 'warning',
  /** Worth knowing during review. */
  INFO = 'info',
}

/** A problem the lint found in a trust declaration. */
export interface Finding {
  /** The stable rule ID, e.g. `WT101`. Never reused for another rule. */
  readonly id: string;
  /** How serious the finding is. */
  readonly severity: Severity;
  /** The rule's short title. */
  readonly title: string;
  /** What is wrong in this declaration, naming the values involved. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The index of the rule the finding is about.
   * @default - the finding is about the whole policy
   */
  readonly ruleIndex?: number;
  /**
   * The claim the finding is about.
   * @default - no single claim
   */
  readonly claim?: string;
  /**
   * Why this finding is accepted, when the declaration acknowledged it.
   * @default - not acknowledged
   */
  readonly acknowledgedBecause?: string;
}

/**
 * A decision to accept a lint finding: the finding's ID and the reason, kept with the declaration
 * so reviewers see it.
 */
export interface Acknowledgement {
  /** The finding ID to accept, e.g. `WT104`. */
  readonly findingId: string;
  /** Why the finding is acceptable here: at least 10 characters, for the reviewer. */
  readonly reason: string;
}
