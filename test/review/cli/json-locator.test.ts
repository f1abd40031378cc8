import * as fc from 'fast-check';
import { jsonPathLines, lineOfPath, pathPrefixes } from '../../../src/review/cli/json-locator';
import { childPath } from '../../../src/review/private/json-path';
import { PROPERTY_PARAMS } from '../../core/support';

// Property runs and reviews take seconds, more when the whole suite runs in parallel.
jest.setTimeout(120_000);

/**
 * Reference: prints a value like JSON.stringify(value, null, 2) and records, while printing, the
 * line of every path (the key's line for members, the value's first line for list items).
 */
function printWithLines(value: unknown): { text: string; lines: Map<string, number> } {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const emit = (v: unknown, p: string, indent: string, prefix: string, suffix: string) => {
    lines.set(p, out.length + 1);
    if (Array.isArray(v) && v.length > 0) {
      out.push(`${indent}${prefix}[`);
      v.forEach((x, i) => emit(x, childPath(p, i), `${indent}  `, '', i < v.length - 1 ? ',' : ''));
      out.push(`${indent}]${suffix}`);
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
      const entries = Object.entries(v);
      out.push(`${indent}${prefix}{`);
      entries.forEach(([k, x], i) => emit(x, childPath(p, k), `${indent}  `, `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : ''));
      out.push(`${indent}}${suffix}`);
    } else {
      out.push(`${indent}${prefix}${JSON.stringify(v)}${suffix}`);
    }
  };
  emit(value, '', '', '', '');
  return { text: out.join('\n'), lines };
}

describe('jsonPathLines', () => {
  test('the line of a key, a list item, an odd key, and the nearest ancestor of a path that is not there', () => {
    const text = JSON.stringify({
      Resources: {
        Role: { Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow' }, { Condition: { 'ForAllValues:StringLike': { 'x:sub': 'a' } } }] } } },
      },
    }, null, 2);
    const wanted = [
      'Resources.Role.Properties.AssumeRolePolicyDocument',
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1]',
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1].Condition["ForAllValues:StringLike"]["x:sub"]',
      'Resources.Role.Properties.AssumeRolePolicyDocument.Statement[1].Condition.Missing.Deeper',
    ];
    const lines = jsonPathLines(text, wanted);
    const at = (p: string) => text.split('\n')[lineOfPath(lines, p)! - 1].trim();
    expect(at(wanted[0])).toBe('"AssumeRolePolicyDocument": {');
    expect(at(wanted[1])).toBe('{');
    expect(lineOfPath(lines, wanted[1])).toBe(text.split('\n').findIndex((l) => l.includes('"Condition"')));
    expect(at(wanted[2])).toBe('"x:sub": "a"');
    expect(at(wanted[3])).toBe('"Condition": {');
  });

  test('minified text is all on line 1; malformed text gives what was found so far, without throwing', () => {
    expect(lineOfPath(jsonPathLines('{"a":{"b":[1,2]}}', ['a.b[1]']), 'a.b[1]')).toBe(1);
    expect(() => jsonPathLines('{"a": {"b": ', ['a.b'])).not.toThrow();
    expect(lineOfPath(jsonPathLines('{\n"a": {"b": ', ['a.b']), 'a.b')).toBe(2);
    expect(lineOfPath(jsonPathLines('[]', ['x']), 'x')).toBe(1); // the root
  });

  test('property: for any JSON printed with two-space indentation, every path has the line the printer put it on', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(4), (value, stride) => {
      const { text, lines } = printWithLines(value);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      // Every path, or every few (the others are skipped without decoding).
      const wanted = [...lines.keys()].filter((_, i) => i % (stride + 1) === 0);
      const found = jsonPathLines(text, wanted);
      for (const p of wanted) expect([p, found.get(p)]).toEqual([p, lines.get(p)]);
    }), PROPERTY_PARAMS);
  });
});

describe('pathPrefixes', () => {
  test('the path and its ancestors, longest first; brackets inside quoted keys are not cuts', () => {
    expect(pathPrefixes('a.b[0]["c.d[1]"].e')).toEqual(['a.b[0]["c.d[1]"].e', 'a.b[0]["c.d[1]"]', 'a.b[0]', 'a.b', 'a']);
    expect(pathPrefixes('["x\\"]"].y')).toEqual(['["x\\"]"].y', '["x\\"]"]']);
  });
});
