import * as fs from 'fs';
import * as path from 'path';
import { githubRoleTemplate, memoryIo, REVIEW_FIXTURES, tmpDir, writeJson } from './support';
import { ExitCode, main } from '../../../src/review/cli/main';

// Property runs and reviews take seconds, more when the whole suite runs in parallel.
jest.setTimeout(120_000);

const run = (cwd: string, args: string[], options: { tty?: boolean; env?: { [k: string]: string } } = {}) => {
  const io = memoryIo(cwd, options);
  const code = main(['node', 'workload-trust', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
};

/** A directory with a clean role (no error findings) and a risky one. */
function workspace(): string {
  const dir = tmpDir();
  writeJson(path.join(dir, 'clean', 'App.template.json'), githubRoleTemplate('repo:acme/app:environment:prod'));
  writeJson(path.join(dir, 'risky', 'App.template.json'), githubRoleTemplate('repo:acme/*', {}, 'Deploy', true));
  return dir;
}

/** Exactly one line on stderr, naming the code, with no stack trace. */
function expectOneLine(err: string, code: string): void {
  expect(err.endsWith('\n')).toBe(true);
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(new RegExp(`^workload-trust: \\[${code}\\] `));
  expect(err).not.toMatch(/\n\s+at |Error:/);
}

describe('main (in process)', () => {
  const dir = workspace();

  test('exit 0: no finding at or above --fail-on; the report on stdout, nothing on stderr', () => {
    const r = run(dir, ['review', 'clean']);
    expect(r).toEqual({ code: ExitCode.OK, out: expect.stringContaining('AWS role Deploy  clean/App.template.json'), err: '' });
  });

  test('exit 1: error findings (the default --fail-on), with one line on stderr saying why', () => {
    const r = run(dir, ['review', 'risky']);
    expect(r.code).toBe(ExitCode.FINDINGS);
    expect(r.err).toMatch(/^workload-trust: \d+ findings? at or above error \(exit code 1\)\.\n$/);
  });

  test('--fail-on warning fails on warnings; never never fails on findings', () => {
    expect(run(dir, ['review', 'clean', '--fail-on', 'warning']).code).toBe(ExitCode.FINDINGS);
    expect(run(dir, ['review', 'risky', '--fail-on', 'never']).code).toBe(ExitCode.OK);
  });

  test('exit 1: trust widened since the baseline; 0 when it did not', () => {
    // GIVEN a baseline of the clean role
    const base = path.join(dir, 'base.json');
    expect(run(dir, ['review', 'clean', '--format', 'json', '--output', 'base.json']).code).toBe(ExitCode.OK);

    // WHEN the same role is compared with it, and a widened one
    const same = run(dir, ['review', 'clean', '--baseline', base]);
    writeJson(path.join(dir, 'wider', 'clean', 'App.template.json'), githubRoleTemplate('repo:acme/app:*', {}, 'Deploy', true));
    const wider = run(path.join(dir, 'wider'), ['review', 'clean', '--baseline', base, '--fail-on', 'never']);

    // THEN
    expect(same.code).toBe(ExitCode.OK);
    expect(same.out).toContain('Since the baseline');
    expect(same.out).toContain('no identity changed its trust');
    expect(wider.code).toBe(ExitCode.FINDINGS);
    expect(wider.out).toContain('  widened  AWS role Deploy in clean/App.template.json');
    expect(wider.err).toBe(`workload-trust: trust widened since the baseline ${base} (exit code 1).\n`);
  });

  test.each([
    ['a missing path', ['review', 'nowhere'], 'ReviewMissingPath', /nowhere does not exist/],
    ['invalid JSON', ['review', 'broken.json'], 'ReviewInvalidJson', /broken\.json is not valid JSON/],
    ['an unknown format', ['review', 'clean', '--format', 'xml'], 'ReviewCliUsage', /argument 'xml' is invalid\. Allowed choices are text, markdown, json, sarif/],
    ['an unknown --fail-on', ['review', 'clean', '--fail-on', 'info'], 'ReviewCliUsage', /argument 'info' is invalid/],
    ['a missing baseline', ['review', 'clean', '--baseline', 'none.json'], 'ReviewUnreadableBaseline', /The baseline none\.json does not exist/],
    ['a baseline that is not a report', ['review', 'clean', '--baseline', 'clean/App.template.json'], 'ReviewInvalidBaseline', /is not a workload-trust JSON report: it has no version/],
    ['an invalid JSON baseline', ['review', 'clean', '--baseline', 'broken.json'], 'ReviewInvalidBaseline', /The baseline broken\.json is not valid JSON/],
    ['an unwritable output', ['review', 'clean', '--output', 'no/such/dir/out.txt'], 'ReviewUnwritableOutput', /no\/such\/dir\/out\.txt cannot be written \(ENOENT\)/],
    ['no path', ['review'], 'ReviewCliUsage', /missing required argument 'paths'/],
    ['an unknown option', ['review', 'clean', '--colour'], 'ReviewCliUsage', /unknown option '--colour'/],
    ['an unknown command', ['reveiw', 'clean'], 'ReviewCliUsage', /unknown command 'reveiw'.*Did you mean review\?/],
    ['no command', [], 'ReviewCliUsage', /No command given/],
  ])('exit 2 for %s: one line on stderr naming the problem, nothing on stdout', (_, args, code, message) => {
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": ');
    const r = run(dir, args);
    expect(r.code).toBe(ExitCode.BAD_INPUT);
    expectOneLine(r.err, code);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/ Fix: /);
    expect(r.out).toBe('');
  });

  test('--help and --version print to stdout and exit 0', () => {
    const help = run(dir, ['review', '--help']);
    expect(help.code).toBe(ExitCode.OK);
    expect(help.out).toContain('Usage: workload-trust review [options] <paths...>');
    expect(help.out).toContain('--format <format>');
    expect(help.out).toContain('--baseline <report.json>');
    expect(help.out).toContain('--fail-on <severity>');
    expect(help.out).toContain('--output <file>');
    const version = run(dir, ['--version']);
    expect(version).toEqual({ code: ExitCode.OK, out: `${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version}\n`, err: '' });
  });

  test('colour on a terminal only, and never with NO_COLOR or --output', () => {
    expect(run(dir, ['review', 'clean'], { tty: true }).out).toContain('\u001b[');
    expect(run(dir, ['review', 'clean'], { tty: false }).out).not.toContain('\u001b[');
    expect(run(dir, ['review', 'clean'], { tty: true, env: { NO_COLOR: '1' } }).out).not.toContain('\u001b[');
    expect(run(dir, ['review', 'clean'], { tty: true, env: { NO_COLOR: '' } }).out).toContain('\u001b['); // empty means unset (no-color.org)
    expect(run(dir, ['review', 'clean', '--output', 'out.txt'], { tty: true }).out).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8')).not.toContain('\u001b[');
  });

  test('--output writes the report to the file and nothing to stdout; the exit code still reflects the findings', () => {
    const r = run(dir, ['review', 'risky', '--format', 'sarif', '--output', 'out.sarif']);
    expect(r.code).toBe(ExitCode.FINDINGS);
    expect(r.out).toBe('');
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('risky/App.template.json');
    expect(log.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
  });

  test('several paths, directories and files alike, absolute or relative', () => {
    const r = run(dir, ['review', path.join(dir, 'clean'), 'risky/App.template.json', path.join(REVIEW_FIXTURES, 'gh-oidc-google.tf.json'), '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.files).toEqual([path.relative(dir, path.join(REVIEW_FIXTURES, 'gh-oidc-google.tf.json')), 'clean/App.template.json', 'risky/App.template.json'].sort());
  });
});
