/**
 * End to end: the `workload-trust` bin spawned as a process, on synthesized-like output.
 *
 * `npm test` runs jest before the jsii compile, and `npx jest` alone compiles nothing, so this file
 * builds what the bin needs itself: it compiles every source file with the project's TypeScript and
 * compiler options (module CommonJS, as jsii emits) into `<tmp>/lib/` (the layout of `tsconfig.json`:
 * rootDir `src`, outDir `lib`), copies `bin/workload-trust` and `package.json` next to it, links
 * `node_modules`, and spawns that bin file with node: the same script, requiring
 * `../lib/review/cli/main` exactly as in the published package. Another test checks that the
 * package's `bin` names this file and that jsii's layout puts the CLI where it requires it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { githubRoleTemplate, REVIEW_FIXTURES, ROOT, sarifSchemaErrors, tmpDir, writeJson } from './support';

// Spawned processes take a second or more each when the whole suite runs in parallel.
jest.setTimeout(120_000);

/** A package directory with the bin and a freshly compiled lib/. */
function buildPackage(): string {
  const pkg = tmpDir('wt-cli-pkg-');
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    inlineSourceMap: false,
    inlineSources: false,
    declaration: false,
  };
  for (const file of parsed.fileNames) {
    const rel = path.relative(path.join(ROOT, 'src'), file);
    const out = path.join(pkg, 'lib', rel.replace(/\.ts$/, '.js'));
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
    if (diagnostics && diagnostics.length > 0) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
  fs.mkdirSync(path.join(pkg, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'workload-trust'), path.join(pkg, 'bin', 'workload-trust'));
  fs.chmodSync(path.join(pkg, 'bin', 'workload-trust'), 0o755);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  return pkg;
}

let pkg: string;
let work: string;

interface Run { code: number | null; out: string; err: string }

/** Spawns the bin with node in `work` (or `cwd`), stdout and stderr piped (not a terminal). */
function cli(args: string[], options: { cwd?: string; env?: { [k: string]: string } } = {}): Run {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'workload-trust'), ...args], {
    cwd: options.cwd ?? work,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectNoStack(r: Run): void {
  expect(r.err).not.toMatch(/\n\s+at |^\s+at |Error: |node:internal/m);
}

beforeAll(() => {
  pkg = buildPackage();
  work = tmpDir('wt-cli-e2e-');
  // A cdk.out-like directory: a manifest naming one stack template with a clean role.
  writeJson(path.join(work, 'cdk.out', 'manifest.json'), { version: '36.0.0', artifacts: { App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' } } } });
  writeJson(path.join(work, 'cdk.out', 'App.template.json'), githubRoleTemplate('repo:acme/app:environment:prod', { MaxSessionDuration: 3600 }));
  // A cdktf.out-like directory: a manifest naming one stack with the gh-oidc style Google setup (error findings).
  writeJson(path.join(work, 'cdktf.out', 'manifest.json'), { version: '0.21.0', stacks: { gcp: { name: 'gcp', synthesizedStackPath: 'stacks/gcp/cdk.tf.json' } } });
  fs.mkdirSync(path.join(work, 'cdktf.out', 'stacks', 'gcp'), { recursive: true });
  fs.copyFileSync(path.join(REVIEW_FIXTURES, 'gh-oidc-google.tf.json'), path.join(work, 'cdktf.out', 'stacks', 'gcp', 'cdk.tf.json'));
  fs.writeFileSync(path.join(work, 'broken.template.json'), '{"Resources": {');
}, 120_000);

describe('workload-trust (the built bin, spawned)', () => {
  test('the bin is the package\'s: package.json names it, it is an executable node script, and it requires the CLI where jsii compiles it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ 'workload-trust': 'bin/workload-trust' });
    const bin = path.join(ROOT, 'bin', 'workload-trust');
    const script = fs.readFileSync(bin, 'utf8');
    expect(script.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => fs.accessSync(bin, fs.constants.X_OK)).not.toThrow();
    expect(script).toContain("require('../lib/review/cli/main').main(process.argv)");
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toEqual(expect.objectContaining({ rootDir: 'src', outDir: 'lib' }));
    expect(fs.existsSync(path.join(ROOT, 'src', 'review', 'cli', 'main.ts'))).toBe(true);
    expect(fs.readFileSync(path.join(pkg, 'bin', 'workload-trust'), 'utf8')).toBe(script);
  });

  test('runs as an executable (shebang), and prints its version', () => {
    const r = spawnSync(path.join(pkg, 'bin', 'workload-trust'), ['--version'], { env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('text: exit 0 on a clean cdk.out, no colour when stdout is not a terminal', () => {
    const r = cli(['review', 'cdk.out']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('AWS role Deploy  cdk.out/App.template.json');
    expect(r.out).toContain('  rules        1. sub equals "repo:acme/app:environment:prod"');
    expect(r.out).not.toContain('\u001b');
    expect(r.out.trimEnd().split('\n').pop()).toMatch(/^Summary: 1 identity \(1 with web identity trust\) in 1 file, 0 errors/);
  });

  test('text: exit 1 with error findings (cdktf.out), one line on stderr saying why', () => {
    const r = cli(['review', 'cdktf.out']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Google service account deployer@octo-project.iam.gserviceaccount.com');
    expect(r.err).toMatch(/^workload-trust: \d+ findings? at or above error \(exit code 1\)\.\n$/);
    expectNoStack(r);
  });

  test('markdown: tables and a Mermaid graph for both directories', () => {
    const r = cli(['review', 'cdk.out', 'cdktf.out', '--format', 'markdown', '--fail-on', 'never']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## workload-trust review\n/);
    expect(r.out).toContain('```mermaid\ngraph LR\n');
    expect(r.out).toContain('id0["AWS role Deploy"]');
  });

  test('json: the stable report, format version 1, the same bytes twice', () => {
    const a = cli(['review', 'cdk.out', 'cdktf.out', '--format', 'json', '--fail-on', 'never']);
    const b = cli(['review', 'cdktf.out', 'cdk.out', '--format', 'json', '--fail-on', 'never']);
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    const doc = JSON.parse(a.out);
    expect(doc.version).toBe(1);
    expect(doc.files).toEqual(['cdk.out/App.template.json', 'cdktf.out/stacks/gcp/cdk.tf.json']);
  });

  test('sarif: valid SARIF 2.1.0 with relative URIs and line numbers, written with --output', () => {
    const r = cli(['review', 'cdk.out', 'cdktf.out', '--format', 'sarif', '--output', 'review.sarif']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const log = JSON.parse(fs.readFileSync(path.join(work, 'review.sarif'), 'utf8'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const locations = log.runs[0].results.map((x: any) => x.locations[0].physicalLocation);
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) {
      expect(['cdk.out/App.template.json', 'cdktf.out/stacks/gcp/cdk.tf.json']).toContain(l.artifactLocation.uri);
      expect(l.region.startLine).toBeGreaterThan(1);
    }
    expect(locations.map((l: any) => l.artifactLocation.uri)).toContain('cdktf.out/stacks/gcp/cdk.tf.json');
  });

  test('baseline: exit 0 when nothing widened, exit 1 when trust widened, listing it', () => {
    expect(cli(['review', 'cdk.out', '--format', 'json', '--output', 'base.json']).code).toBe(0);
    expect(cli(['review', 'cdk.out', '--baseline', 'base.json']).code).toBe(0);

    const next = path.join(work, 'next');
    writeJson(path.join(next, 'cdk.out', 'manifest.json'), { version: '36.0.0', artifacts: { App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' } } } });
    writeJson(path.join(next, 'cdk.out', 'App.template.json'), githubRoleTemplate('repo:acme/app:environment:prod', { MaxSessionDuration: 7200 }));
    const r = cli(['review', 'cdk.out', '--baseline', path.join(work, 'base.json'), '--fail-on', 'never'], { cwd: next });
    expect(r.code).toBe(1);
    expect(r.out).toContain('  widened  AWS role Deploy in cdk.out/App.template.json\n           - the maximum session grew from 1 h to 2 h');
    expect(r.err).toMatch(/^workload-trust: trust widened since the baseline .*base\.json \(exit code 1\)\.\n$/);
  });

  test.each([
    ['a missing path', ['review', 'nowhere.out'], /^workload-trust: \[ReviewMissingPath\] nowhere\.out does not exist\. Fix: /],
    ['invalid JSON', ['review', 'broken.template.json'], /^workload-trust: \[ReviewInvalidJson\] broken\.template\.json is not valid JSON: .* Fix: /],
    ['an unknown format', ['review', 'cdk.out', '--format', 'yaml'], /^workload-trust: \[ReviewCliUsage\] option '-f, --format <format>' argument 'yaml' is invalid\. Allowed choices are text, markdown, json, sarif\. Fix: /],
    ['a missing baseline', ['review', 'cdk.out', '--baseline', 'none.json'], /^workload-trust: \[ReviewUnreadableBaseline\] The baseline none\.json does not exist\. Fix: /],
    ['a bad baseline', ['review', 'cdk.out', '--baseline', 'cdk.out/manifest.json'], /^workload-trust: \[ReviewInvalidBaseline\] The baseline cdk\.out\/manifest\.json is not a workload-trust JSON report: it has no entries list\. Fix: /],
    ['an invalid JSON baseline', ['review', 'cdk.out', '--baseline', 'broken.template.json'], /^workload-trust: \[ReviewInvalidBaseline\] The baseline broken\.template\.json is not valid JSON/],
    ['no path', ['review'], /^workload-trust: \[ReviewCliUsage\] missing required argument 'paths'\. Fix: /],
  ])('exit 2 for %s: one line on stderr, no stack trace, nothing on stdout', (_, args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toEqual([expect.any(String), '']);
    expectNoStack(r);
  });

  test('a reader that stops early (| head) ends the run quietly, without a stack trace', () => {
    const many = { Resources: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`Role${i}`, githubRoleTemplate(`repo:acme/app${i}:environment:prod`).Resources.Deploy])) };
    writeJson(path.join(work, 'many', 'Many.template.json'), many);
    const command = `"${process.execPath}" "${path.join(pkg, 'bin', 'workload-trust')}" review many --format json --fail-on never | head -c 10`;
    const r = spawnSync('sh', ['-c', command], { cwd: work, encoding: 'utf8' });
    expect(r.stdout).toBe('{\n  "versi');
    expect(r.stderr).toBe('');
  });

  test('NO_COLOR and a pipe: never colour', () => {
    expect(cli(['review', 'cdk.out'], { env: { NO_COLOR: '1' } }).out).not.toContain('\u001b');
  });
});

// After `npx projen compile` (jsii), the bin also runs in place from the repository.
const compiled = fs.existsSync(path.join(ROOT, 'lib', 'review', 'cli', 'main.js'));
(compiled ? test : test.skip)('in place after a jsii compile: node bin/workload-trust --version', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'workload-trust'), '--version'], { cwd: ROOT, encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, '']);
});
