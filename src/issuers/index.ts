export { GitHubActions, GitHubOrganization, GitHubRepository, GitHubSubjectFormat } from './github-actions';
export type { GitHubActionsOptions, GitHubOwnerIds, GitHubRepositoryIds } from './github-actions';
