/** Marks an interpolation inside {@link TemplateText.text}: OPEN + expression + CLOSE. */
export const OPEN = '\uE000';
export const CLOSE = '\uE001';

/** A Terraform string read as a template. */
export interface TemplateText {
  /** The text with `$${` and `%%{` unescaped; each `${...}` / `%{...}` kept as OPEN + expression + CLOSE. */
  readonly text: string;
  /** The interpolated expressions, in order. */
  readonly interpolations: string[];
}

/**
 * Reads a string of Terraform JSON configuration as Terraform does: `${...}` interpolates and
 * `%{...}` is a directive; `$${` and `%%{` stand for the literal `${` and `%{`.
 */
export function readTemplate(s: string): TemplateText {
  let text = '';
  const interpolations: string[] = [];
  let i = 0;
  while (i < s.length) {
    if ((s.startsWith('$${', i) || s.startsWith('%%{', i))) {
      text += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = closingBrace(s, i + 2);
      if (end < 0) {
        text += s.slice(i);
        break;
      }
      const expression = s.slice(i + 2, end).trim();
      interpolations.push(expression);
      text += OPEN + expression + CLOSE;
      i = end + 1;
    } else {
      text += s[i++];
    }
  }
  return { text, interpolations };
}

/** The text with every interpolation written back as `${...}` (for messages). */
export function showTemplate(text: string): string {
  return text.replace(new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g'), (_m, e: string) => `\${${e}}`);
}

/** Whether the template text holds an interpolation. */
export function hasInterpolation(text: string): boolean {
  return text.includes(OPEN);
}

/** The index of the `}` closing an interpolation that starts at `from`, skipping nested braces and quoted strings. */
function closingBrace(s: string, from: number): number {
  let depth = 0;
  let quote = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') {
      quote = true;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
