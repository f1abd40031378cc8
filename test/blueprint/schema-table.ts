/**
 * The README's field reference of blueprint files, generated from blueprint.schema.json so the two
 * cannot drift: one row per field, with its type, its constraint and its description.
 */
export function schemaTable(schema: any): string {
  const rows: string[] = ['| Field | Type | Description |', '| --- | --- | --- |'];
  const walk = (node: any, path: string): void => {
    if (path !== '') rows.push(`| \`${path}\` | ${typeOf(node)} | ${(node.description ?? '').replace(/\|/g, '\\|')} |`);
    // A list's items and a map's values are documented by the list's or map's row; only their
    // fields get rows of their own.
    if (node.type === 'array' && node.items?.properties) fields(node.items, `${path}[]`);
    if (node.type !== 'object') return;
    fields(node, path);
    // Policy documents are IAM's format, not ours.
    if (typeof node.additionalProperties === 'object' && !path.endsWith('inlinePolicies')) {
      fields(node.additionalProperties, `${path}.${path.endsWith('claims') ? '<claim>' : '<name>'}`);
    }
  };
  const fields = (node: any, path: string): void => {
    for (const [name, child] of Object.entries<any>(node.properties ?? {})) walk(child, path === '' ? name : `${path}.${name}`);
  };
  walk(schema, '');
  return rows.join('\n');
}

function typeOf(node: any): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v: unknown) => `\`${v}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items?.type ?? 'values'}`;
  if (node.type === 'object' && !node.properties) return 'map';
  return node.type ?? 'any';
}
