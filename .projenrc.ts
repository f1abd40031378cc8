import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'workload-trust',
  description:
    'Workload identity federation as code: declare once which OIDC workloads (GitHub Actions, GitLab, HCP Terraform, Kubernetes, ...) may act as which AWS or Google Cloud identity, compiled exactly and reviewable.',
  author: 'workload-trust contributors',
  authorAddress: 'workload-trust@example.com',
  repositoryUrl: 'https://github.com/workload-trust/workload-trust.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk', 'cdktf', 'oidc', 'workload-identity-federation', 'iam', 'github-actions', 'gcp', 'aws'],

  // aws-cdk-lib >= 2.278 so cdk-nag 3 validation plugins work (FACTS.md, Tooling).
  cdkVersion: '2.278.0',
  jsiiVersion: '~6.0.0',
  constructsVersion: '10.5.1',
  // ts-node, ts-jest and jest run the sources with TypeScript 5.9: TypeScript 6 rejects their module settings.
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',

  // The Terraform side is a peer like aws-cdk-lib: users bring their own cdktf and provider.
  // The review's cdk-nag pack (aws.review) extends cdk-nag's NagPack: a peer, like aws-cdk-lib.
  peerDeps: ['cdktf@^0.21.0', '@cdktf/provider-google@^16', 'cdk-nag@^3.0.2'],
  // The review parses Google attribute conditions with a real CEL parser at runtime; jsii libraries bundle runtime deps.
  // The review CLI parses its arguments with commander (14 is the latest major that supports Node 20).
  // Blueprint files are read with yaml (YAML 1.2 and JSON, with source positions for errors) and
  // validated against their JSON Schema with ajv.
  bundledDeps: ['@bufbuild/cel@^0.6.1', 'commander@^14', 'ajv@^8', 'yaml@^2'],
  // ajv-formats validates the review CLI's SARIF output against the SARIF 2.1.0 schema in the tests.
  // aws-cdk-github-oidc is the peer construct library the benchmarks (bench/) compare against.
  devDeps: ['fast-check@^4', 'cdk-nag@^3.0.2', '@cloud-copilot/iam-simulate@^0.1.173', '@cloud-copilot/iam-policy@^0.1.109', 'ajv-formats@^3', 'aws-cdk-github-oidc@^2.4.1'],
  // `workload-trust review <paths...>`: a shim that runs the compiled CLI (src/review/cli/main.ts).
  bin: { 'workload-trust': 'bin/workload-trust' },

  // No hosted CI or release automation: `.ci/run` is the CI entry point.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // A snapshot mismatch must fail the run, never be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
    },
  },
  gitignore: ['cdk.out/', 'cdktf.out/', '/api-check/'],
  npmIgnoreOptions: { ignorePatterns: ['examples/', 'bench/', '.ci/'] },
});

// jsii on Node 20 prints a deprecation banner on every run (FACTS.md, Tooling).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');

// The benchmarks compare against the peer library, a devDependency.
project.eslint?.allowDevDeps('bench/**');

// The eslint task `--fix`es by default; the test run must report, not repair.
const lintCheck = project.addTask('eslint:check', {
  description: 'Lint without fixing (used by the test run)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts,.tsx --no-error-on-unmatched-pattern src test examples bench projenrc .projenrc.ts',
});

// API.md is generated from docstrings; the test run fails when it is stale instead of rewriting it.
const apiCheck = project.addTask('api:check', {
  description: 'Fail when API.md is not what jsii-docgen generates from the current source',
  steps: [
    { exec: 'jsii --silence-warnings=reserved-word' },
    { exec: 'mkdir -p api-check && jsii-docgen -o api-check/API.md' },
    { exec: 'diff -q API.md api-check/API.md || (echo "API.md is stale: run npx projen build and commit API.md" >&2; exit 1)' },
  ],
});

project.testTask.reset();
project.testTask.exec('jest --passWithNoTests --ci', { receiveArgs: true });
project.testTask.spawn(lintCheck);
project.testTask.spawn(apiCheck);

// Examples are real apps against the library source; the test run type-checks them.
new javascript.TypescriptConfig(project, {
  fileName: 'examples/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  include: ['**/*.ts', '../src/**/*.ts'],
  compilerOptions: { rootDir: '..', noEmit: true },
});
// ts-jest transpiles test files one by one (isolatedModules) without type-checking them.
const testsCheck = project.addTask('tests:check', {
  description: 'Type-check the tests',
  exec: 'tsc -p test/tsconfig.json --noEmit',
});
project.testTask.spawn(testsCheck);

const examplesCheck = project.addTask('examples:check', {
  description: 'Type-check the example apps',
  exec: 'tsc -p examples/tsconfig.json',
});
project.testTask.spawn(examplesCheck);

// The benchmarks are not run by the tests, but they are type-checked and linted like the examples.
new javascript.TypescriptConfig(project, {
  fileName: 'bench/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  include: ['**/*.ts', '../src/**/*.ts', '../examples/**/*.ts'],
  compilerOptions: { rootDir: '..', noEmit: true },
});
const benchCheck = project.addTask('bench:check', {
  description: 'Type-check the benchmarks',
  exec: 'tsc -p bench/tsconfig.json',
});
project.testTask.spawn(benchCheck);

project.addTask('example', {
  description: 'The main job: run every declaration in examples/ and print what it admits',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json examples/main.ts',
});

// Synth time and memory against raw aws-cdk-lib, aws-cdk-github-oidc and raw cdktf; writes
// BENCHMARKS.md. Minutes long, so not part of the test run.
project.addTask('bench', {
  description: 'Benchmark synth time, peak memory and review throughput; writes BENCHMARKS.md',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json bench/main.ts',
});

// blueprint.schema.json, the JSON Schema of blueprint files, is written from its source in
// src/blueprint/private/schema.ts; test/blueprint/blueprint-file.test.ts keeps the two equal.
project.addTask('blueprint-schema', {
  description: 'Write blueprint.schema.json from src/blueprint/private/schema.ts',
  exec: 'ts-node --transpile-only --project examples/tsconfig.json -e "require(\'fs\').writeFileSync(\'blueprint.schema.json\', JSON.stringify(require(\'./src/blueprint/private/schema\').BLUEPRINT_SCHEMA, null, 2) + \'\\n\')"',
});

project.synth();
