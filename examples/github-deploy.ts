import { GitHubActions, SessionLifetime } from '../src';
import { Example } from './example';

// GitHub Actions → a production deploy identity: one repository, pinned by its immutable IDs,
// only jobs that use the protected `prod` environment, for at most 30 minutes.
const github = GitHubActions.issuer();
const app = github.repository('acme/app').pinned({ repositoryId: '123456', ownerId: '789' });

export const policy = github.trust({
  rules: [app.onEnvironment('prod')],
  maxSession: SessionLifetime.minutes(30),
});

const prodToken = {
  iss: GitHubActions.GITHUB_COM_URL,
  aud: 'sts.amazonaws.com',
  sub: 'repo:acme/app:environment:prod',
  repository: 'acme/app',
  repository_id: '123456',
  repository_owner: 'acme',
  repository_owner_id: '789',
  environment: 'prod',
  ref: 'refs/heads/main',
  event_name: 'push',
};

export const githubDeploy: Example = {
  name: 'GitHub Actions: acme/app deploys to prod',
  policy,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'prod job of acme/app', claims: prodToken, expectAllowed: true },
    { label: 'same job, immutable subject form', claims: { ...prodToken, sub: 'repo:acme@789/app@123456:environment:prod' }, expectAllowed: true },
    { label: 'acme/app-evil claiming prod', claims: { ...prodToken, sub: 'repo:acme/app-evil:environment:prod', repository: 'acme/app-evil', repository_id: '666' }, expectAllowed: false },
    { label: 'recreated acme/app (new repository ID)', claims: { ...prodToken, repository_id: '999999' }, expectAllowed: false },
    { label: 'pull request of acme/app', claims: { ...prodToken, sub: 'repo:acme/app:pull_request', ref: 'refs/pull/7/merge', event_name: 'pull_request', environment: undefined }, expectAllowed: false },
    { label: 'token minted for Azure', claims: { ...prodToken, aud: 'api://AzureADTokenExchange' }, expectAllowed: false },
  ],
};
