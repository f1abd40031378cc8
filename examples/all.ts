import { Example } from './example';
import { genericIssuer } from './generic-issuer';
import { githubDeploy } from './github-deploy';
import { gitlabGcp } from './gitlab-gcp';

/** Every example declaration, in the order the main job prints them. */
export const EXAMPLES: Example[] = [githubDeploy, gitlabGcp, genericIssuer];
