import { readFileSync } from 'fs';
import { join } from 'path';
import { LintRules } from '../src';

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
});
