import { BitbucketPipelines, GitHubActions, OidcIssuer } from '../../../src';
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
