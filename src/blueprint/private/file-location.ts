import { Document, isNode, LineCounter, Node } from 'yaml';

/** Where a field of a blueprint file is: the file, line and column, and the field's path for people. */
export interface FieldLocation {
  /** `file:line:column` */
  readonly position: string;
  /** The field path, e.g. `workloads.api-prod.aws[0].account` (empty for the whole file). */
  readonly field: string;
}

/**
 * Finds fields of a parsed blueprint file by their path (JSON pointer segments), for error
 * messages that say where to look. A path that does not exist (a missing required field) resolves
 * to its closest existing parent.
 */
export class FileLocator {
  constructor(private readonly fileName: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** The location of the field at `path`. */
  public locate(path: Array<string | number>): FieldLocation {
    let node: unknown;
    for (let n = path.length; n >= 0; n--) {
      node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node)) break;
    }
    const offset = isNode(node) ? ((node as Node).range?.[0] ?? 0) : 0;
    const { line, col } = this.lines.linePos(offset);
    return { position: `${this.fileName}:${line}:${col}`, field: fieldPath(path) };
  }
}

/** `['workloads', 'api-prod', 'aws', 0, 'account']` → `workloads.api-prod.aws[0].account`. */
export function fieldPath(path: Array<string | number>): string {
  return path.map((p, i) => typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`).join('');
}

/** JSON pointer (`/workloads/api-prod/aws/0`) → segments, numbers for array indexes. */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => /^\d+$/.test(s) ? Number(s) : s);
}
