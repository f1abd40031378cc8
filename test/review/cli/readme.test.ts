import { readFileSync } from 'fs';
import { join } from 'path';
import { review } from '../../../src';
import { FORMATS } from '../../../src/review/cli/main';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README: Review CLI', () => {
  test('the review rule table is the one generated from the review rule registry', () => {
    const start = readme.indexOf('-->', readme.indexOf('<!-- review-rules:start')) + 3;
    const end = readme.indexOf('<!-- review-rules:end -->');
    expect(start).toBeGreaterThan(2);
    // On failure: paste review.ReviewRules.markdownTable() between the review-rules markers.
    expect(readme.slice(start, end).trim()).toBe(review.ReviewRules.markdownTable());
  });

  test('the section documents every format and exit code', () => {
    const section = readme.slice(readme.indexOf('## Review CLI'));
    for (const f of FORMATS) expect(section).toContain(`| \`${f}\``);
    for (const code of [0, 1, 2]) expect(section).toContain(`| ${code} |`);
    expect(section).toContain('--baseline');
  });
});
