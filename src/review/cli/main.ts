import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { TrustError } from '../../core/errors';
import { Severity } from '../../core/lint/finding';
import { TrustReport } from '../trust-report';
import { TrustReview } from '../trust-review';
import { BaselineDiff, compareWithBaseline } from './baseline';
import { cliError, CliErrorCode } from './errors';
import { formatJson, parseReportDocument } from './json';
import { jsonPathLines, lineOfPath } from './json-locator';
import { formatMarkdown } from './markdown';
import { relativeFile, reportDocument } from './report-document';
import { formatSarif } from './sarif';
import { formatText } from './text';

/** The output formats of `workload-trust review`. */
export const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
/** The `--fail-on` levels. */
export const FAIL_ON = ['error', 'warning', 'never'] as const;

/** The exit codes of `workload-trust`. */
export enum ExitCode {
  /** The review ran; no finding at or above `--fail-on`, and no trust widened since the baseline. */
  OK = 0,
  /** Findings at or above `--fail-on`, or trust widened since the `--baseline`. */
  FINDINGS = 1,
  /** The review could not run: bad input (a missing path, invalid JSON, an unknown format, a bad baseline) or usage. */
  BAD_INPUT = 2,
}

/** Where the CLI reads and writes; the process's by default, replaceable in tests. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** The working directory (absolute): paths are resolved and shown relative to it. */
  readonly cwd: string;
  /** The environment (`NO_COLOR`). */
  readonly env: { readonly [name: string]: string | undefined };
  /** Whether standard output is a terminal (colour in text output). */
  readonly stdoutIsTTY: boolean;
}

interface ReviewOptions {
  readonly format: typeof FORMATS[number];
  readonly baseline?: string;
  readonly failOn: typeof FAIL_ON[number];
  readonly output?: string;
}

/**
 * Runs `workload-trust` with the process arguments (`process.argv`: node, script, then the
 * arguments) and returns the exit code ({@link ExitCode}). Never throws: bad input and usage
 * errors are one line on standard error (the review's `ReviewErrorCode` messages, which name the
 * file, the problem and the fix) and exit code 2.
 *
 * ```
 * workload-trust review <paths...> [--format text|markdown|json|sarif] [--baseline report.json]
 *                                  [--fail-on error|warning|never] [--output FILE]
 * ```
 */
export function main(argv: string[], io: CliIo = processIo()): number {
  const errors: string[] = [];
  let exit: number = ExitCode.OK;
  const program = new Command('workload-trust')
    .description('Review who can become what, for how long, in synthesized CloudFormation and Terraform JSON (cdk.out, cdktf.out).')
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => errors.push(s), outputError: (s) => errors.push(s) });
  program.command('review')
    .description('Read the trust of every role, service account and binding in the paths and print a report.')
    .argument('<paths...>', 'cdk.out or cdktf.out directories, CloudFormation templates (*.template.json) or Terraform JSON files (*.tf.json)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-b, --baseline <report.json>', 'a JSON report of an earlier run: list new, removed, widened and narrowed trust, and exit 1 when trust widened')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding has at least this severity').choices(FAIL_ON).default('error'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .action((paths: string[], options: ReviewOptions) => {
      exit = review(paths, options, io);
    });

  try {
    if (argv.length <= 2) {
      throw cliError(CliErrorCode.USAGE, 'No command given.', 'run `workload-trust review <paths...>`; `workload-trust --help` lists the options.');
    }
    program.parse(argv, { from: 'node' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return ExitCode.OK; // --help, --version
      const problem = oneLine(e.message.replace(/^error:\s*/i, ''));
      io.stderr(`workload-trust: [${CliErrorCode.USAGE}] ${problem.replace(/[.]?$/, '.')} Fix: see \`workload-trust review --help\`.\n`);
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof TrustError) {
      io.stderr(`workload-trust: ${oneLine(e.message)}\n`);
      return ExitCode.BAD_INPUT;
    }
    io.stderr(`workload-trust: internal error: ${oneLine(e instanceof Error ? e.message : String(e))} (please report it with the input that caused it)\n`);
    return ExitCode.BAD_INPUT;
  }
}

function review(paths: string[], options: ReviewOptions, io: CliIo): number {
  // Paths as given (so messages name them as the user wrote them), unless the CLI's working directory is not the process's.
  const report = TrustReview.paths(paths.map((p) => (path.resolve(io.cwd, p) === path.resolve(p) ? p : path.resolve(io.cwd, p))));
  const baseline = options.baseline ? compare(report, options.baseline, io) : undefined;
  const color = options.output === undefined && io.stdoutIsTTY && !io.env.NO_COLOR;
  const text = render(report, options.format, { cwd: io.cwd, color, baseline, lineOf: locator(report, io.cwd) });
  if (options.output !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output), text);
    } catch (e) {
      throw cliError(CliErrorCode.UNWRITABLE_OUTPUT, `The output file ${options.output} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, 'give a file in an existing, writable directory.');
    }
  } else {
    io.stdout(text);
  }

  const reasons: string[] = [];
  if (options.failOn !== 'never') {
    const failing = report.findingsAtLeast(options.failOn === 'warning' ? Severity.WARNING : Severity.ERROR);
    if (failing.length > 0) reasons.push(`${failing.length} ${failing.length === 1 ? 'finding' : 'findings'} at or above ${options.failOn}`);
  }
  if (baseline?.trustWidened) reasons.push(`trust widened since the baseline ${options.baseline}`);
  if (reasons.length === 0) return ExitCode.OK;
  io.stderr(`workload-trust: ${reasons.join('; ')} (exit code 1).\n`);
  return ExitCode.FINDINGS;
}

function compare(report: TrustReport, file: string, io: CliIo): BaselineDiff {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw cliError(CliErrorCode.UNREADABLE_BASELINE, code === 'ENOENT' ? `The baseline ${file} does not exist.` : `The baseline ${file} cannot be read (${code ?? (e as Error).message}).`,
      'give the JSON report of an earlier run (`workload-trust review --format json --output report.json ...`).');
  }
  const before = parseReportDocument(text, file);
  return compareWithBaseline(before, reportDocument(report, { cwd: io.cwd }), file);
}

interface RenderOptions {
  readonly cwd: string;
  readonly color: boolean;
  readonly baseline?: BaselineDiff;
  readonly lineOf: (file: string, jsonPath: string) => number | undefined;
}

function render(report: TrustReport, format: string, o: RenderOptions): string {
  switch (format) {
    case 'markdown': return formatMarkdown(report, o);
    case 'json': return formatJson(report, o);
    case 'sarif': return formatSarif(report, { ...o, toolVersion: toolVersion(), informationUri: informationUri() });
    default: return formatText(report, o);
  }
}

/** Line numbers of the findings' JSON paths, one pass per file, on first use. */
function locator(report: TrustReport, cwd: string): (file: string, jsonPath: string) => number | undefined {
  const wanted = new Map<string, Set<string>>();
  for (const f of report.findings) {
    const rel = relativeFile(f.file, cwd);
    const set = wanted.get(rel) ?? new Set<string>();
    set.add(f.jsonPath);
    wanted.set(rel, set);
  }
  const lines = new Map<string, Map<string, number>>();
  return (file, jsonPath) => {
    let found = lines.get(file);
    if (!found) {
      try {
        found = jsonPathLines(fs.readFileSync(path.resolve(cwd, file), 'utf8'), wanted.get(file) ?? [jsonPath]);
      } catch {
        found = new Map();
      }
      lines.set(file, found);
    }
    return lineOfPath(found, jsonPath);
  };
}

function packageJson(): { version?: string; repository?: { url?: string } } {
  try {
    // src/review/cli and lib/review/cli are both three levels below the package root.
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** The package version (`0.0.0` when unknown). */
export function toolVersion(): string {
  return packageJson().version ?? '0.0.0';
}

function informationUri(): string {
  const url = packageJson().repository?.url ?? 'https://github.com/workload-trust/workload-trust.git';
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function processIo(): CliIo {
  // A reader that stops early (`| head`) closes the pipe: stop quietly with the exit code so far, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.OK);
      process.exit(ExitCode.BAD_INPUT);
    });
  }
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}
