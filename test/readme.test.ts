import { readFileSync } from 'fs';
import { join } from 'path';
import { LintRules } from '../src';
import { schemaTable } from './blueprint/schema-table';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  test('the lint table is the one generated from the rule registry', () => {
    const start = readme.indexOf('-->', readme.indexOf('<!-- lint-table:start')) + 3;
    const end = readme.indexOf('<!-- lint-table:end -->');
    // On failure: paste LintRules.markdownTable() between the lint-table markers.
    expect(readme.slice(start, end).trim()).toBe(LintRules.markdownTable());
  });

  test('the quick start has the two commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npm run example');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });

  /** The text between a pair of README markers. */
  const between = (marker: string) => readme.slice(readme.indexOf('-->', readme.indexOf(`<!-- ${marker}:start`)) + 3, readme.indexOf(`<!-- ${marker}:end -->`)).trim();

  test('the blueprint data-file example is examples/platform-blueprint.yaml, which the main job loads', () => {
    const file = readFileSync(join(__dirname, '..', 'examples', 'platform-blueprint.yaml'), 'utf8');
    expect(between('blueprint-example')).toBe(`\`\`\`yaml\n${file}\`\`\``);
  });

  test('the blueprint field reference is generated from blueprint.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'blueprint.schema.json'), 'utf8'));
    // On failure: paste schemaTable(schema) between the blueprint-schema markers.
    expect(between('blueprint-schema')).toBe(schemaTable(schema));
  });
});
