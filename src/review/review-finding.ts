import { Severity } from '../core/lint/finding';

/**
 * A lint finding on reviewed trust: a core lint rule (`WT1xx`) applied to the rules read back, or a
 * review rule (`WT2xx`) about the template itself, with the file and JSON path to point at.
 */
export interface ReviewFinding {
  /** The stable rule ID, e.g. `WT101` or `WT201`. */
  readonly id: string;
  /** How serious the finding is. */
  readonly severity: Severity;
  /** The rule's short title. */
  readonly title: string;
  /** What is wrong here, naming the values involved. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The file the finding is in. */
  readonly file: string;
  /** The JSON path of the part the finding is about. */
  readonly jsonPath: string;
  /**
   * The index of the entry's rule the finding is about.
   * @default - the whole entry (or the report, for findings outside any entry)
   */
  readonly ruleIndex?: number;
  /**
   * The claim the finding is about.
   * @default - no single claim
   */
  readonly claim?: string;
}
