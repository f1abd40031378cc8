// The main job: every declaration in examples/, what it admits, the decision for sample tokens,
// the AWS and Google Cloud apps synthesized into cdk.out/ and cdktf.out/, and their review.
import { readFileSync } from 'fs';
import * as path from 'path';
import { EXAMPLES } from './all';
import { buildAwsApp } from './aws-app';
import { Example } from './example';
import { buildGcpApp } from './gcp-app';
import { review } from '../src';
import { formatText } from '../src/review/cli/text';

function printExample(example: Example): number {
  const { policy } = example;
  const audiences = policy.audiencesFor(example.targetDefaultAudiences);
  console.log(`\n== ${example.name}`);
  console.log(`issuer:    ${policy.issuer.url} (${policy.issuer.displayName})`);
  console.log(`audiences: ${audiences.join(', ')}`);
  console.log(`session:   at most ${policy.maxSession.toString()}`);
  policy.rules.forEach((rule, i) => {
    console.log(`rule ${i + 1}:    ${rule.describe()}`);
    rule.conditions.forEach((c) => console.log(`           - ${c.toString()}`));
  });
  for (const f of policy.findings) {
    console.log(`finding:   ${f.id} ${f.severity}${f.acknowledgedBecause ? ` (acknowledged: ${f.acknowledgedBecause})` : ''}: ${f.message}`);
  }
  let unexpected = 0;
  for (const token of example.tokens) {
    const decision = policy.evaluate(token.claims, { targetDefaultAudiences: example.targetDefaultAudiences });
    const ok = decision.allowed === token.expectAllowed;
    if (!ok) unexpected++;
    console.log(`  ${decision.allowed ? 'ALLOW' : 'DENY '} ${token.label}: ${decision.reason}${ok ? '' : '  <-- UNEXPECTED'}`);
  }
  return unexpected;
}

const unexpected = EXAMPLES.reduce((n, e) => n + printExample(e), 0);
console.log(`\n${EXAMPLES.length} declarations, ${EXAMPLES.reduce((n, e) => n + e.tokens.length, 0)} sample tokens, ${unexpected} unexpected decisions`);

const cdkOut = path.join(__dirname, '..', 'cdk.out');
const assembly = buildAwsApp(cdkOut).synth();
let roles = 0;
for (const stack of assembly.stacks) {
  const resources = Object.values<any>(stack.template.Resources ?? {});
  const stackRoles = resources.filter((r) => r.Type === 'AWS::IAM::Role');
  roles += stackRoles.length;
  const statements = stackRoles.reduce((n, r) => n + r.Properties.AssumeRolePolicyDocument.Statement.length, 0);
  console.log(`AWS stack ${stack.stackName}: ${resources.length} resources, ${stackRoles.length} federated roles, ${statements} trust statements`);
}
console.log(`synthesized ${assembly.stacks.length} AWS stacks with ${roles} roles into ${path.relative(process.cwd(), cdkOut)}/`);

const cdktfOut = path.join(__dirname, '..', 'cdktf.out');
const gcpApp = buildGcpApp(cdktfOut);
gcpApp.synth();
for (const stack of gcpApp.node.children) {
  const resources = Object.values<any>(JSON.parse(readFileSync(path.join(cdktfOut, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')).resource ?? {});
  const count = resources.reduce((n, byName) => n + Object.keys(byName).length, 0);
  console.log(`Terraform stack ${stack.node.id}: ${count} resources`);
}
console.log(`synthesized the Google Cloud app into ${path.relative(process.cwd(), cdktfOut)}/`);

// The review of everything synthesized, read back from the templates (as `workload-trust review` does).
console.log('\n== Review of cdk.out/ and cdktf.out/\n');
console.log(formatText(review.TrustReview.paths([cdkOut, cdktfOut]), { cwd: process.cwd(), color: false }));
process.exitCode = unexpected === 0 ? 0 : 1;
