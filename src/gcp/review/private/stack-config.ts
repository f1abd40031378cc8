import { TerraformDataSource, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The stack's Terraform JSON configuration as `cdktf synth` writes it, through cdktf's
 * `Testing.synth`: aspects are invoked, validations are not run, metadata is left out.
 */
export function synthesizedConfig(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** The file name the review reports locations in: where `cdktf synth` writes the stack. */
export function configFile(stack: TerraformStack): string {
  return `stacks/${stack.node.id}/cdk.tf.json`;
}

/** Every resource and data source of the stack by Terraform address (`TYPE.NAME`, `data.TYPE.NAME`). */
export function elementsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const out = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformStack.of(c) !== stack) continue;
    const address = addressOf(c);
    if (address !== undefined) out.set(address, c);
  }
  return out;
}

/** The Terraform address of a resource or data source construct. */
export function addressOf(c: IConstruct): string | undefined {
  if (TerraformDataSource.isTerraformDataSource(c)) return `data.${c.terraformResourceType}.${c.friendlyUniqueId}`;
  if (TerraformResource.isTerraformResource(c)) return `${c.terraformResourceType}.${c.friendlyUniqueId}`;
  return undefined;
}

/** The address of the resource a finding's JSON path points into (`resource.TYPE.NAME...`, `data.TYPE.NAME...`). */
export function addressInPath(jsonPath: string): string | undefined {
  const m = /^(resource|data)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[("(?:[^"\\]|\\.)*")\])/.exec(jsonPath);
  if (!m) return undefined;
  const name = m[3] ?? JSON.parse(m[4]);
  return m[1] === 'data' ? `data.${m[2]}.${name}` : `${m[2]}.${name}`;
}
