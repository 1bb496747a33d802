import { App, Testing } from 'cdktf';
import { allFeatures } from '../test/fixtures';
import { buildBootstrap } from '../stacks/bootstrap-stack';
const app = Testing.app();
const b = buildBootstrap(app, { ...allFeatures.project, name: 'longest-project-name' }, allFeatures.delivery, []);
const json = JSON.parse(Testing.synth(b));
for (const [n, p] of Object.entries(json.resource.aws_iam_policy as Record<string, {name: string; policy: string}>)) if (p.name.endsWith('stage-deploy-boundary')) console.log(p.policy);
