import { childPath } from '../private/json-path';

/**
 * The JSON path and its ancestors, longest first: `a.b[0]["c d"]` gives `a.b[0]["c d"]`,
 * `a.b[0]`, `a.b`, `a`. Paths are written as the review writes them (`SourceLocation.jsonPath`).
 */
export function pathPrefixes(jsonPath: string): string[] {
  const cuts: number[] = [];
  for (let i = 0; i < jsonPath.length; i++) {
    const c = jsonPath[i];
    if (c === '"') {
      for (i++; i < jsonPath.length && jsonPath[i] !== '"'; i++) if (jsonPath[i] === '\\') i++;
    } else if ((c === '.' || c === '[') && i > 0) {
      cuts.push(i);
    }
  }
  return [jsonPath, ...cuts.reverse().map((c) => jsonPath.slice(0, c))];
}

/**
 * Where JSON paths are in a JSON text: for each wanted path and each of its ancestors that exist
 * (the root is `''`), the 1-based line of its key (object members) or of its value (list items). One pass over the text; values on no wanted
 * path are skipped without decoding. Best effort: malformed or very deeply nested text gives the
 * lines found so far.
 *
 * @param text the JSON text
 * @param wanted the paths to find (`SourceLocation.jsonPath` form)
 */
export function jsonPathLines(text: string, wanted: Iterable<string>): Map<string, number> {
  const prefixes = new Set<string>(['']);
  for (const w of wanted) {
    for (const p of pathPrefixes(w)) prefixes.add(p);
  }
  const found = new Map<string, number>();
  const n = text.length;
  let i = 0;
  let line = 1;

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
      i++;
    }
  };
  const str = (): string => {
    const start = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) {i += 2;} else if (c === 34) {
        i++;
        break;
      } else {i++;}
    }
    return JSON.parse(text.slice(start, i));
  };
  /** Skips one value, counting lines. */
  const skip = () => {
    let depth = 0;
    do {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
        i++;
      } else {
        if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) depth--;
        else if (c === 10) line++;
        else if (depth === 0 && (c === 44 || c === 32 || c === 9 || c === 13)) break;
        i++;
      }
    } while (i < n && depth > 0);
    // a scalar at depth 0 runs to the next separator
    while (i < n && depth === 0 && !',]} \t\r\n'.includes(text[i])) i++;
  };
  const value = (path: string, at: number): void => {
    ws();
    if (!prefixes.has(path)) {
      skip();
      return;
    }
    if (!found.has(path)) found.set(path, at || line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyLine = line;
        const key = str();
        ws();
        i++; // ':'
        value(childPath(path, key), keyLine);
        ws();
        if (text[i++] !== ',') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        ws();
        value(childPath(path, index), 0);
        ws();
        if (text[i++] !== ',') return;
      }
    } else {
      skip();
    }
  };
  try {
    value('', 1);
  } catch {
    // best effort: keep what was found
  }
  return found;
}

/** The line of the path, or of its nearest ancestor that was found (the root included); undefined when none was. */
export function lineOfPath(lines: Map<string, number>, jsonPath: string): number | undefined {
  for (const p of [...pathPrefixes(jsonPath), '']) {
    const l = lines.get(p);
    if (l !== undefined) return l;
  }
  return undefined;
}
