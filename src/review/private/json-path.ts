/** Keys written with a dot; others are written `["key"]`. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The JSON path of a child: `parent.key`, `parent["odd key"]` or `parent[3]`. */
export function childPath(parent: string, key: string | number): string {
  // The index part first: one short piece appended, not three (paths are kept by every entry).
  if (typeof key === 'number') return parent + ('[' + key + ']');
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
