export { GitHubActions, GitHubActionsOptions, GitHubOrganization, GitHubOwnerIds, GitHubRepository, GitHubRepositoryIds, GitHubSubjectFormat } from './github-actions';
