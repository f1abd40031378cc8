import * as path from 'path';
import { fixtureReport, githubRoleTemplate, REVIEW_FIXTURES, ROOT } from './support';
import { review } from '../../../src';
import { code, formatMarkdown, mermaidLabel, text } from '../../../src/review/cli/markdown';

/** The cells of a Markdown table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** The Mermaid block of a Markdown text. */
function mermaid(md: string): string {
  const start = md.indexOf('```mermaid\n');
  return md.slice(start + 11, md.indexOf('\n```', start));
}

describe('formatMarkdown', () => {
  test('a summary, a table of identities, a Mermaid graph issuer → rule → identity, findings', () => {
    // GIVEN
    const report = review.TrustReview.path(path.join(REVIEW_FIXTURES, 'github-docs-oidc-in-aws.template.json'));

    // WHEN
    const md = formatMarkdown(report, { cwd: ROOT });

    // THEN
    expect(md.startsWith('## workload-trust review\n\n**3** identities (3 with web identity trust) in 1 file · **1** error · **3** warnings · 0 info · 0 unparsed fragments\n')).toBe(true);
    expect(md).toContain('| Identity | Cloud | Issuer | Audiences | Ways in | Max session | Findings |');
    expect(md).toContain('| `OctoRepoRole` AWS role<br>`test/review/fixtures/github-docs-oidc-in-aws.template.json` | AWS | `https://token.actions.githubusercontent.com` | `"sts.amazonaws.com" (the AWS default)` | 1. `sub like "repo:octo-org/octo-repo:*"` | 1 h | 1 error, 1 warning |');
    expect(mermaid(md).split('\n')).toEqual([
      'graph LR',
      '  iss0(["https://token.actions.githubusercontent.com"])',
      '  id0["AWS role OctoBranchRole"]',
      '  r0_0["sub equals #34;repo:octo-org/octo-repo:ref:refs/heads/octo-branch#34;"]',
      '  iss0 --> r0_0 --> id0',
      '  id1["AWS role OctoEnvironmentRole"]',
      '  r1_0["sub equals #34;repo:octo-org/octo-repo:environment:prod#34;"]',
      '  iss0 --> r1_0 --> id1',
      '  id2["AWS role OctoRepoRole"]',
      '  r2_0["sub like #34;repo:octo-org/octo-repo:#42;#34;"]',
      '  iss0 --> r2_0 --> id2',
    ]);
    expect(md).toContain('### Findings\n\n| Severity | ID | Identity | Finding | Fix | Where |');
    expect(md).toMatch(/^\| error \| WT104 \| `OctoRepoRole` \| rule 1 \\\(sub like "repo\\:octo-org\/octo-repo\\:\\\*"\\\) admits pull-request tokens/m);
  });

  test('every table row has as many cells as its header, whatever the values hold', () => {
    const md = formatMarkdown(fixtureReport(), { cwd: ROOT });
    let width = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line).length;
      expect([line, cells(line).length]).toEqual([line, width]);
    }
    expect(md).toContain('### Not understood');
  });

  test('values from the template cannot break out: quotes, brackets, pipes, backticks and newlines in a role name and a condition', () => {
    // GIVEN a role whose name and subject are hostile
    const name = 'a"b]c[d|e`f\ng<h>#i';
    const report = review.TrustReview.cloudFormation(githubRoleTemplate('repo:x|y`z"]\n<img src=x>', { RoleName: name }), path.join(ROOT, 'a.json'));

    // WHEN
    const md = formatMarkdown(report, { cwd: ROOT });

    // THEN the Mermaid labels hold no character that ends a label, a node or the fence
    const graph = mermaid(md);
    for (const line of graph.split('\n').filter((l) => l.includes('["'))) {
      const label = line.slice(line.indexOf('["') + 2, line.lastIndexOf('"]'));
      expect(label).not.toMatch(/["[\]|`<>\n]/);
    }
    expect(graph).toContain('id0["AWS role a#34;b#93;c#91;d#124;e#96;f#10;g#60;h#62;#35;i"]');
    // AND the table rows keep their cells; values are code spans (shown as text) or escaped text
    const row = md.split('\n').find((l) => l.startsWith('| ``a"b]c[d'))!;
    expect(cells(row)).toHaveLength(7);
    expect(cells(row)[0]).toBe(' ``a"b]c[d\\|e`f g<h>#i`` AWS role<br>`a.json` ');
    const finding = md.split('\n').find((l) => l.startsWith('| warning | WT106'))!;
    expect(cells(finding)).toHaveLength(6);
    expect(cells(finding)[3]).toContain('\\<img src=x\\>');
    expect(cells(finding)[3]).not.toMatch(/(?<!\\)[<`[\]]/);
  });

  test('the diagram is left out above the identity limit', () => {
    const md = formatMarkdown(fixtureReport(), { cwd: ROOT, maxDiagramIdentities: 2 });
    expect(md).not.toContain('```mermaid');
    expect(md).toContain('_The diagram is left out: 17 identities with web identity trust, more than 2._');
  });

  test('the baseline section', () => {
    const change = { cloud: 'aws', kind: 'aws-role', name: 'Deploy', file: 'a.json', federated: true, reasons: ['admits the audience "x|y", which the baseline did not'] };
    const md = formatMarkdown(review.TrustReport.of([]), { cwd: ROOT, baseline: { baseline: 'base.json', trustWidened: true, widened: [change], newIdentities: [], narrowed: [], removedIdentities: [] } });
    expect(md).toContain('**trust widened since the baseline**');
    expect(md).toContain('### Since the baseline `base.json`\n\n| Change | Identity | Why |\n| --- | --- | --- |\n| **widened** | `AWS role Deploy in a.json` | admits the audience "x\\|y", which the baseline did not |');
    const quiet = formatMarkdown(review.TrustReport.of([]), { cwd: ROOT, baseline: { baseline: 'b.json', trustWidened: false, widened: [], newIdentities: [], narrowed: [], removedIdentities: [] } });
    expect(quiet).toContain('No identity changed its trust.');
  });
});

describe('escaping helpers', () => {
  test('code spans: a longer fence than any backtick run, escaped pipes, no newlines', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code('a|b\nc')).toBe('`a\\|b c`');
  });

  test('text: Markdown, HTML, mention and math characters are escaped; newlines become <br>', () => {
    expect(text('*a* _b_ <i> @team $x$ [l](u) |')).toBe('\\*a\\* \\_b\\_ \\<i\\> \\@team \\$x\\$ \\[l\\]\\(u\\) \\|');
    expect(text('a\nb')).toBe('a<br>b');
  });

  test('Mermaid labels: safe characters stay, everything else is an entity code (astral characters as one)', () => {
    expect(mermaidLabel('sub equals "a" 😀')).toBe('sub equals #34;a#34; #128512;');
  });
});
