import { GitLab, SessionLifetime } from '../src';
import { Example } from './example';

// GitLab → Google Cloud: the main branch of acme/platform/api, protected refs only, pinned by
// project and namespace IDs, impersonates the deployer service account for at most one hour.
const gitlab = GitLab.issuer();
const api = gitlab.project('acme/platform/api').pinned({ projectId: '4242', namespaceId: '77' }).protectedRefsOnly();

export const policy = gitlab.trust({ rules: [api.onBranch('main')], maxSession: SessionLifetime.hours(1) });

/** The provider's default audience in this example (Google's canonical provider name). */
export const PROVIDER_AUDIENCE = '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-pool/providers/gitlab';

const main = {
  iss: 'https://gitlab.com',
  aud: PROVIDER_AUDIENCE,
  sub: 'project_path:acme/platform/api:ref_type:branch:ref:main',
  project_id: '4242',
  project_path: 'acme/platform/api',
  namespace_id: '77',
  namespace_path: 'acme/platform',
  ref: 'main',
  ref_type: 'branch',
  ref_protected: 'true',
  pipeline_source: 'push',
};

export const gitlabGcp: Example = {
  name: 'GitLab → Google Cloud: acme/platform/api main impersonates the deployer',
  policy,
  targetDefaultAudiences: [PROVIDER_AUDIENCE, `https:${PROVIDER_AUDIENCE}`],
  tokens: [
    { label: 'protected main pipeline', claims: main, expectAllowed: true },
    { label: 'same, https: form of the audience', claims: { ...main, aud: `https:${PROVIDER_AUDIENCE}` }, expectAllowed: true },
    { label: 'unprotected main (e.g. protection removed)', claims: { ...main, ref_protected: 'false' }, expectAllowed: false },
    { label: 'acme/platform/api-evil main', claims: { ...main, sub: 'project_path:acme/platform/api-evil:ref_type:branch:ref:main', project_id: '666' }, expectAllowed: false },
    { label: 'a fork of the project (fork MR pipeline)', claims: { ...main, sub: 'project_path:mallory/api:ref_type:branch:ref:main', project_id: '999', namespace_id: '998' }, expectAllowed: false },
    { label: 'token for AWS', claims: { ...main, aud: 'sts.amazonaws.com' }, expectAllowed: false },
  ],
};
