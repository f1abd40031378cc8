import * as path from 'path';
import { fixtureReport, githubRoleTemplate, REVIEW_FIXTURES, ROOT } from './support';
import { review } from '../../../src';
import { formatText, clean } from '../../../src/review/cli/text';

const ESC = '\u001b';

describe('formatText', () => {
  test('per identity: cloud, identity, issuer, audiences, rules one per line, max session, findings with fix; summary line', () => {
    // GIVEN
    const report = review.TrustReview.path(path.join(REVIEW_FIXTURES, 'aws-cdk-github-oidc.template.json'));

    // WHEN
    const text = formatText(report, { cwd: ROOT });

    // THEN
    const block = text.slice(text.indexOf('AWS role MyTestRole'), text.indexOf('\n\n', text.indexOf('AWS role MyTestRole')));
    expect(block.split('\n')).toEqual([
      'AWS role MyTestRole  test/review/fixtures/aws-cdk-github-oidc.template.json Resources.TagRoleAB12CD34.Properties.AssumeRolePolicyDocument',
      '  cloud        AWS',
      '  identity     AWS role MyTestRole, at TagRoleAB12CD34',
      '  issuer       https://token.actions.githubusercontent.com (through arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com)',
      '  audiences    "sts.amazonaws.com" (the AWS default)',
      '  rules        1. sub like "repo:octo-org/octo-repo:ref:refs/tags/v*"',
      '  max session  2 h (MaxSessionDuration)',
      '  findings',
      '    WT105 warning The session lifetime is 2 h, more than one hour.',
      '      fix: Use the shortest lifetime the job needs (most CI jobs fit in 15 to 60 minutes).',
      '      at test/review/fixtures/aws-cdk-github-oidc.template.json Resources.TagRoleAB12CD34.Properties.AssumeRolePolicyDocument',
      '    WT106 warning rule 1 (sub like "repo:octo-org/octo-repo:ref:refs/tags/v*") trusts names only; GitHub Actions also offers repository_id, repository_owner_id.',
      expect.stringMatching(/^ {6}fix: Pin the immutable IDs/),
      '      at test/review/fixtures/aws-cdk-github-oidc.template.json Resources.TagRoleAB12CD34.Properties.AssumeRolePolicyDocument.Statement[0]',
    ]);
    expect(text).toContain('Identities without web identity trust (other principals only, for context)');
    expect(text).toContain('  AWS role CustomAWSCDKOpenIdConnectProviderCustomResourceProviderRole517FED65 in test/review/fixtures/aws-cdk-github-oidc.template.json: Service: lambda.amazonaws.com (sts:AssumeRole)');
    expect(text.trimEnd().split('\n').pop()).toBe('Summary: 4 identities (3 with web identity trust) in 1 file, 2 errors, 4 warnings, 0 info, 0 unparsed fragments');
  });

  test('unparsed fragments with their raw text, the rule they belong to and why they matter', () => {
    const text = formatText(review.TrustReview.path(path.join(REVIEW_FIXTURES, 'github-docs-for-all-values.template.json')), { cwd: ROOT });
    expect(text).toContain('  rules        1. (no claim condition: every token of the issuer with an admitted audience) (not fully understood: see unparsed)');
    expect(text).toContain('  unparsed\n    for-all-values (rule 1): ForAllValues:StringLike: {"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:*"}\n');
    expect(text).toMatch(/1 unparsed fragment$/m);
  });

  test('colour only when asked: ANSI escapes with color, none without', () => {
    const report = fixtureReport();
    expect(formatText(report, { cwd: ROOT })).not.toContain(ESC);
    const coloured = formatText(report, { cwd: ROOT, color: true });
    expect(coloured).toContain(`${ESC}[31mWT104 error${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[1mAWS role MyTestRole${ESC}[22m`);
  });

  test('a template cannot drive the terminal: control and bidi characters in names and values are escaped', () => {
    // GIVEN a role name with an escape sequence, a carriage return and a right-to-left override
    const name = `evil${ESC}[2J\rname\u202e`;
    const report = review.TrustReview.cloudFormation(githubRoleTemplate('repo:acme/app:ref:refs/heads/x\u009b31m', { RoleName: name }), path.join(ROOT, 'a.json'));

    // WHEN
    const text = formatText(report, { cwd: ROOT });

    // THEN
    expect(text).not.toMatch(/[\u001b\u009b\r\u202e]/);
    expect(text).toContain('AWS role evil\\u{1b}[2J\\u{d}name\\u{202e}');
    expect(text).toContain('\\u{9b}31m');
  });

  test('clean keeps printable text, escapes controls, and keeps newlines only when asked', () => {
    expect(clean('a\tb é 😀')).toBe('a\tb é 😀');
    expect(clean('a\nb')).toBe('a\\nb');
    expect(clean('a\nb', true)).toBe('a\nb');
    expect(clean('\u0000\u007f\u2066')).toBe('\\u{0}\\u{7f}\\u{2066}');
  });

  test('the baseline comparison: widened, new, narrowed and removed identities with their reasons', () => {
    const report = review.TrustReport.of([]);
    const change = (name: string, reasons: string[], federated = true) => ({ cloud: 'aws', kind: 'aws-role', name, file: 'a.json', federated, reasons });
    const text = formatText(report, {
      cwd: ROOT,
      baseline: {
        baseline: 'base.json',
        trustWidened: true,
        widened: [change('Deploy', ['rule 1 (sub like "x*") admits tokens no baseline rule admits'])],
        newIdentities: [change('Fresh', ['a new identity that trusts web identity tokens'])],
        narrowed: [change('Old', ['the maximum session shrank from 2 h to 1 h'])],
        removedIdentities: [change('Gone', ['no longer in the reviewed input'])],
      },
    });
    expect(text).toContain([
      'Since the baseline base.json',
      '  widened  AWS role Deploy in a.json',
      '           - rule 1 (sub like "x*") admits tokens no baseline rule admits',
      '  new      AWS role Fresh in a.json',
      '           - a new identity that trusts web identity tokens',
      '  narrowed AWS role Old in a.json',
      '           - the maximum session shrank from 2 h to 1 h',
      '  removed  AWS role Gone in a.json',
      '           - no longer in the reviewed input',
    ].join('\n'));
    expect(text.trimEnd().split('\n').pop()).toMatch(/, trust widened since the baseline$/);
  });

  test('an empty report', () => {
    expect(formatText(review.TrustReport.of([]), { cwd: ROOT })).toBe('Summary: 0 identities (0 with web identity trust) in 0 files, 0 errors, 0 warnings, 0 info, 0 unparsed fragments\n');
  });
});
