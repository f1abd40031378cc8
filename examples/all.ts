import { eksServiceAccount } from './eks-service-account';
import { Example } from './example';
import { genericIssuer } from './generic-issuer';
import { githubDeploy } from './github-deploy';
import { gitlabGcp } from './gitlab-gcp';
import { platformApi, platformPipeline } from './platform-blueprint';
import { terraformCloudApply, terraformCloudPlan } from './terraform-cloud';

/** Every example declaration, in the order the main job prints them. */
export const EXAMPLES: Example[] = [
  githubDeploy, gitlabGcp, eksServiceAccount, terraformCloudPlan, terraformCloudApply, platformApi, platformPipeline, genericIssuer,
];
