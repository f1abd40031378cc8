import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BitbucketPipelines, GitHubActions, OidcIssuer, review } from '../../../src';
import { issuerForUrl, issuerLookup } from '../../../src/review/private/issuer-for-url';

const WORKSPACE = 'ari:cloud:bitbucket::workspace/d4e45493-4a33-477d-917b-a24e7e4bd39b';
const BITBUCKET = 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';

describe('issuerLookup', () => {
  test('builds the issuer issuerForUrl builds, once per URL and audiences', () => {
    // GIVEN
    const lookup = issuerLookup();

    // WHEN
    const first = lookup(GitHubActions.GITHUB_COM_URL, ['sts.amazonaws.com']);
    const again = lookup(GitHubActions.GITHUB_COM_URL, ['sts.amazonaws.com']);

    // THEN
    expect(first).toBeInstanceOf(GitHubActions);
    expect(first).toEqual(issuerForUrl(GitHubActions.GITHUB_COM_URL, ['sts.amazonaws.com']));
    expect(again).toBe(first);
  });

  test('other audiences are another lookup: Bitbucket takes the workspace UUID from them', () => {
    // GIVEN
    const lookup = issuerLookup();

    // WHEN
    const named = lookup(BITBUCKET, [WORKSPACE]);
    const unnamed = lookup(BITBUCKET, []);
    const listed = lookup(BITBUCKET, ['other', WORKSPACE]);

    // THEN each is what issuerForUrl gives for its audiences
    expect(named).toBeInstanceOf(BitbucketPipelines);
    expect(named).toEqual(issuerForUrl(BITBUCKET, [WORKSPACE]));
    expect(unnamed).toEqual(issuerForUrl(BITBUCKET, []));
    expect(unnamed).not.toEqual(named);
    expect(listed).toEqual(named);
    expect(listed).not.toBe(named);
  });

  test('one audience is never taken for a list that reads the same as JSON', () => {
    const lookup = issuerLookup();
    const single = lookup(BITBUCKET, [JSON.stringify(['x', WORKSPACE])]);
    const pair = lookup(BITBUCKET, ['x', WORKSPACE]);
    expect(single).not.toBe(pair);
    expect(pair).toEqual(issuerForUrl(BITBUCKET, ['x', WORKSPACE]));
  });

  test('a URL no issuer can have is undefined, remembered as such', () => {
    const lookup = issuerLookup();
    expect(lookup('http://not-https', [])).toBeUndefined();
    expect(lookup('http://not-https', [])).toBeUndefined();
    expect(lookup('https://issuer.example.com', [])).toBeInstanceOf(OidcIssuer);
  });
});

describe('issuerLookup across the templates of one review', () => {
  test('the templates of a path share each issuer, with entries equal to reviewing each alone', () => {
    // GIVEN two templates trusting github.com
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wt-lookup-'));
    const template = (id: string) => ({
      Resources: {
        [id]: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: [{
                Effect: 'Allow',
                Action: 'sts:AssumeRoleWithWebIdentity',
                Principal: { Federated: 'arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com' },
                Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:acme/${id}:ref:refs/heads/main` } },
              }],
            },
          },
        },
      },
    });
    fs.writeFileSync(path.join(dir, 'A.template.json'), JSON.stringify(template('A')));
    fs.writeFileSync(path.join(dir, 'B.template.json'), JSON.stringify(template('B')));

    // WHEN
    const together = review.TrustReview.path(dir);
    const alone = [review.TrustReview.path(path.join(dir, 'A.template.json')), review.TrustReview.path(path.join(dir, 'B.template.json'))];

    // THEN one issuer for both, and the same entries as two reviews with an issuer each
    expect(together.entries).toHaveLength(2);
    expect(together.entries[0].issuer).toBeInstanceOf(GitHubActions);
    expect(together.entries[1].issuer).toBe(together.entries[0].issuer);
    expect(alone[1].entries[0].issuer).not.toBe(alone[0].entries[0].issuer);
    expect(together.entries).toEqual(alone.flatMap((r) => r.entries));
  });
});
