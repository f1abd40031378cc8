import * as path from 'path';
import { blueprint, GitHubActions } from '../src';
import { Example } from './example';

/**
 * (c) One blueprint → AWS and Google Cloud for three repositories, published as data: the
 * platform team edits platform-blueprint.yaml (checked against blueprint.schema.json), and the
 * apps produce its stacks with `toAws` (examples/aws-app.ts) and `toGoogle` (examples/gcp-app.ts).
 */
export const platform = blueprint.BlueprintFile.load(path.join(__dirname, 'platform-blueprint.yaml'));

const apiProd = {
  iss: GitHubActions.GITHUB_COM_URL,
  aud: 'sts.amazonaws.com',
  sub: 'repo:acme/api:environment:prod',
  repository: 'acme/api',
  repository_id: '200002',
  repository_owner: 'acme',
  repository_owner_id: '789',
  environment: 'prod',
  ref: 'refs/heads/main',
  event_name: 'push',
};

/** The blueprint's api-prod workload: the same declaration becomes roles in two accounts and a service account. */
export const platformApi: Example = {
  name: 'Blueprint acme-platform (examples/platform-blueprint.yaml): api-prod',
  policy: platform.workload('api-prod').trust,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'prod job of acme/api', claims: apiProd, expectAllowed: true },
    { label: 'prod job of acme/web (another workload of the blueprint)', claims: { ...apiProd, sub: 'repo:acme/web:environment:prod', repository: 'acme/web', repository_id: '200001' }, expectAllowed: false },
    { label: 'acme/api on a branch without the prod environment', claims: { ...apiProd, sub: 'repo:acme/api:ref:refs/heads/main', environment: undefined }, expectAllowed: false },
    { label: 'recreated acme/api (new repository ID)', claims: { ...apiProd, repository_id: '999999' }, expectAllowed: false },
  ],
};

const pipelineMain = {
  ...apiProd,
  sub: 'repo:acme/data-pipeline:ref:refs/heads/main',
  repository: 'acme/data-pipeline',
  repository_id: '200003',
  environment: undefined,
};

/** The blueprint's data-pipeline workload: its main branch only. */
export const platformPipeline: Example = {
  name: 'Blueprint acme-platform (examples/platform-blueprint.yaml): data-pipeline',
  policy: platform.workload('data-pipeline').trust,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'main branch of acme/data-pipeline', claims: pipelineMain, expectAllowed: true },
    { label: 'a feature branch', claims: { ...pipelineMain, sub: 'repo:acme/data-pipeline:ref:refs/heads/feature', ref: 'refs/heads/feature' }, expectAllowed: false },
    { label: 'a pull request', claims: { ...pipelineMain, sub: 'repo:acme/data-pipeline:pull_request', ref: 'refs/pull/3/merge', event_name: 'pull_request' }, expectAllowed: false },
  ],
};
