import { KubernetesServiceAccounts } from '../src';
import { Example } from './example';

// An EKS pod → an AWS role (IAM roles for service accounts): only the `payments-api` service
// account of the `payments` namespace, on one cluster. The namespace is the tenant boundary: the
// same service account name in another namespace is another workload.

/** The cluster's region and the ID at the end of its OIDC issuer URL (`aws eks describe-cluster`). */
export const CLUSTER_REGION = 'eu-west-1';
export const CLUSTER_OIDC_ID = '8F3B6A1D2C4E5F60718293A4B5C6D7E8';

export const cluster = KubernetesServiceAccounts.eks(CLUSTER_REGION, CLUSTER_OIDC_ID);

// Default lifetime (1 h): the pod's AWS SDK assumes the role again with the refreshed projected
// token before the session ends.
export const policy = cluster.trust({
  rules: [cluster.namespace('payments').serviceAccount('payments-api')],
});

/** A projected service account token as the pod gets it (the EKS webhook asks for aud sts.amazonaws.com). */
export const PAYMENTS_API_TOKEN = {
  'iss': cluster.url,
  'aud': ['sts.amazonaws.com'],
  'sub': 'system:serviceaccount:payments:payments-api',
  'kubernetes.io': {
    namespace: 'payments',
    pod: { name: 'payments-api-7d9f8b6c5-x2k4q', uid: '4c1e9a52-0f6b-4d8e-9a37-2b5c8e1f0d64' },
    serviceaccount: { name: 'payments-api', uid: 'a8d3f1c0-6e2b-4f59-8c7a-1d0e3b9f5a26' },
  },
};

const serviceAccount = (namespace: string, name: string) => ({
  ...PAYMENTS_API_TOKEN,
  'sub': `system:serviceaccount:${namespace}:${name}`,
  'kubernetes.io': { ...PAYMENTS_API_TOKEN['kubernetes.io'], namespace, serviceaccount: { name, uid: '0b7e4d2a-3c9f-4e81-b6a5-9f2d1c8e7a40' } },
});

export const eksServiceAccount: Example = {
  name: 'EKS service account: payments/payments-api reads the ledger table',
  policy,
  targetDefaultAudiences: ['sts.amazonaws.com'],
  tokens: [
    { label: 'pod of payments/payments-api', claims: PAYMENTS_API_TOKEN, expectAllowed: true },
    { label: 'another service account of payments (payments-batch)', claims: serviceAccount('payments', 'payments-batch'), expectAllowed: false },
    { label: 'payments-api in namespace payments-dev', claims: serviceAccount('payments-dev', 'payments-api'), expectAllowed: false },
    { label: 'payments-api-evil (name prefix)', claims: serviceAccount('payments', 'payments-api-evil'), expectAllowed: false },
    {
      label: 'payments/payments-api on another cluster',
      claims: { ...PAYMENTS_API_TOKEN, iss: KubernetesServiceAccounts.eks(CLUSTER_REGION, '0A1B2C3D4E5F60718293A4B5C6D7E8F9').url },
      expectAllowed: false,
    },
    { label: 'the pod\'s Kubernetes API token (aud https://kubernetes.default.svc)', claims: { ...PAYMENTS_API_TOKEN, aud: ['https://kubernetes.default.svc'] }, expectAllowed: false },
  ],
};
