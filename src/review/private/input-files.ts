import * as fs from 'fs';
import * as path from 'path';
import { reviewError, ReviewErrorCode } from '../errors';
import { TrustReport } from '../trust-report';
import { readCloudFormation } from './cloudformation-reader';
import { IssuerLookup, issuerLookup } from './issuer-for-url';
import { readTerraform, readTerraformModule } from './terraform-reader';
import { isObject } from './text';

type Kind = 'cloudformation' | 'terraform' | 'terraform-module' | 'auto';

/** Top-level keys of Terraform JSON configuration. */
const TERRAFORM_KEYS = ['resource', 'data', 'terraform', 'provider', 'module', 'variable', 'locals', 'output'];

/**
 * Reviews a path: a cdk.out directory (its manifest's stacks, nested assemblies included), a
 * cdktf.out directory (its manifest's stacks), a directory of `*.template.json` or `*.tf.json`
 * files, or one CloudFormation template or Terraform JSON file. Files are reviewed in a stable
 * order and the reports merged.
 */
export function reviewPath(target: string): TrustReport {
  // One lookup for every template of the path: the stacks of one app name the same issuers.
  const issuerFor = issuerLookup();
  const stat = statOf(target);
  if (stat.isDirectory()) {
    const files = discover(target, new Set());
    if (files.length === 0) {
      throw reviewError(ReviewErrorCode.NOTHING_TO_REVIEW, `${target} holds nothing to review: no manifest.json of a cdk.out or cdktf.out directory, no *.template.json, no *.tf.json and no stacks/*/cdk.tf.json.`,
        'give a cdk.out or cdktf.out directory after synthesis (cdk synth, cdktf synth), or a template or Terraform JSON file.');
    }
    // The *.tf.json files of one directory are one Terraform module: read them together, in the
    // place of the first of them.
    const units: Array<{ readonly file: string; readonly kind: Kind } | { readonly module: string[] }> = [];
    const modules = new Map<string, string[]>();
    for (const [file, kind] of files) {
      if (kind !== 'terraform-module') {
        units.push({ file, kind });
        continue;
      }
      const dir = path.dirname(file);
      const module = modules.get(dir);
      if (module) {
        module.push(file);
      } else {
        modules.set(dir, [file]);
        units.push({ module: modules.get(dir)! });
      }
    }
    return TrustReport.merge(units.map((u) => ('module' in u
      ? readTerraformModule(u.module.map((file) => ({ config: readJson(file), file })))
      : reviewFile(u.file, u.kind, issuerFor))));
  }
  return reviewFile(target, 'auto', issuerFor);
}

function statOf(target: string): fs.Stats {
  try {
    return fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw reviewError(ReviewErrorCode.MISSING_PATH, `${target} does not exist.`, 'give the path of a cdk.out or cdktf.out directory, a CloudFormation template or a Terraform JSON file (synthesize first).');
    }
    throw reviewError(ReviewErrorCode.UNREADABLE_PATH, `${target} cannot be read (${code ?? (e as Error).message}).`, 'check the path and its permissions.');
  }
}

/** The files to review in a directory, with what they are. */
function discover(dir: string, visited: Set<string>): Array<[string, Kind]> {
  const real = path.resolve(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const manifestFile = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestFile)) {
    const manifest = readJson(manifestFile);
    if (isObject(manifest) && isObject(manifest.artifacts)) {
      const out: Array<[string, Kind]> = [];
      for (const artifact of Object.values(manifest.artifacts)) {
        if (!isObject(artifact) || !isObject(artifact.properties)) continue;
        if (artifact.type === 'aws:cloudformation:stack' && typeof artifact.properties.templateFile === 'string') {
          out.push([path.join(dir, artifact.properties.templateFile), 'cloudformation']);
        } else if (artifact.type === 'cdk:cloud-assembly' && typeof artifact.properties.directoryName === 'string') {
          out.push(...discover(path.join(dir, artifact.properties.directoryName), visited));
        }
      }
      return out;
    }
    if (isObject(manifest) && isObject(manifest.stacks)) {
      const out: Array<[string, Kind]> = [];
      for (const stack of Object.values(manifest.stacks)) {
        if (isObject(stack) && typeof stack.synthesizedStackPath === 'string') out.push([path.join(dir, stack.synthesizedStackPath), 'terraform']);
      }
      return out;
    }
  }
  const names = fs.readdirSync(dir).sort();
  const out: Array<[string, Kind]> = [];
  for (const name of names) {
    if (name.endsWith('.template.json')) out.push([path.join(dir, name), 'cloudformation']);
    else if (name.endsWith('.tf.json')) out.push([path.join(dir, name), 'terraform-module']);
  }
  const stacks = path.join(dir, 'stacks');
  if (fs.existsSync(stacks) && fs.statSync(stacks).isDirectory()) {
    for (const name of fs.readdirSync(stacks).sort()) {
      const file = path.join(stacks, name, 'cdk.tf.json');
      if (fs.existsSync(file)) out.push([file, 'terraform']);
    }
  }
  return out;
}

function reviewFile(file: string, kind: Kind, issuerFor: IssuerLookup): TrustReport {
  statOf(file);
  const json = readJson(file);
  if (kind === 'cloudformation') return readCloudFormation(json, file, issuerFor);
  if (kind === 'terraform' || kind === 'terraform-module') return readTerraform(json, file);
  if (isObject(json) && (json.Resources !== undefined || json.AWSTemplateFormatVersion !== undefined)) {
    return readCloudFormation(json, file, issuerFor);
  }
  if (isObject(json) && TERRAFORM_KEYS.some((k) => json[k] !== undefined)) return readTerraform(json, file);
  if (isObject(json) && (isObject(json.artifacts) || isObject(json.stacks)) && path.basename(file) === 'manifest.json') return reviewPath(path.dirname(file));
  throw reviewError(ReviewErrorCode.INVALID_TEMPLATE, `${file} is neither a CloudFormation template (no Resources) nor Terraform JSON configuration (no resource, data, provider or terraform block).`,
    'give a *.template.json from cdk.out, a cdk.tf.json from cdktf.out, a *.tf.json file, or the directories themselves.');
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw reviewError(ReviewErrorCode.MISSING_PATH, `${file} does not exist (a manifest names it).`, 'synthesize again so the manifest and the files agree.');
    }
    throw reviewError(ReviewErrorCode.UNREADABLE_PATH, `${file} cannot be read (${code ?? (e as Error).message}).`, 'check the file and its permissions.');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw reviewError(ReviewErrorCode.INVALID_JSON, `${file} is not valid JSON: ${(e as Error).message}.`, 'give the JSON output of synthesis (YAML templates are not read; convert them with cfn-flip or similar).');
  }
}
