// The YAML a kubeconfig is written in, and no more: block mappings and sequences (a sequence may
// sit at its key's indentation, as kubectl writes it), plain and quoted scalars, `true`/`false`,
// empty and one-level flow collections (`{}`, `{ cluster: c, user: u }`), comments. JSON is
// YAML too and goes to JSON.parse. A full YAML parser would cost every failing probe about
// 350 KB of bundle to load; anything outside this subset is a clear error instead.

export class YamlError extends Error {}

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseKubeconfigYaml(source: string): unknown {
  if (/^\s*[{[]/.test(source)) return JSON.parse(source);
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    if (/^\t/.test(text)) throw new YamlError(`line ${i + 1}: tabs are not allowed for indentation`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trimStart(), number: i + 1 });
  });
  if (lines.length === 0) return null;
  const state = { at: 0 };
  const value = block(lines, state, (lines[0] as Line).indent);
  if (state.at < lines.length) throw new YamlError(`line ${(lines[state.at] as Line).number}: unexpected indentation`);
  return value;
}

function block(lines: Line[], state: { at: number }, indent: number): unknown {
  const first = lines[state.at] as Line;
  return first.text.startsWith('- ') || first.text === '-' ? sequence(lines, state, indent) : mapping(lines, state, indent);
}

function sequence(lines: Line[], state: { at: number }, indent: number): unknown[] {
  const items: unknown[] = [];
  for (
    let line = lines[state.at];
    line !== undefined && line.indent === indent && (line.text.startsWith('- ') || line.text === '-');
    line = lines[state.at]
  ) {
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      state.at += 1;
      const next = lines[state.at];
      items.push(next !== undefined && next.indent > indent ? block(lines, state, next.indent) : null);
    } else if (/^[^'"{[][^:]*:(\s|$)/.test(rest) || /^["'][^"']*["']:(\s|$)/.test(rest)) {
      // `- key: value`: a mapping whose first key sits after the dash.
      const column = indent + (line.text.length - rest.length);
      lines[state.at] = { ...line, indent: column, text: rest };
      items.push(mapping(lines, state, column));
    } else {
      items.push(scalar(rest, line.number));
      state.at += 1;
    }
  }
  return items;
}

function mapping(lines: Line[], state: { at: number }, indent: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let line = lines[state.at]; line !== undefined && line.indent === indent && !line.text.startsWith('- '); line = lines[state.at]) {
    const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(line.text);
    if (match === null) throw new YamlError(`line ${line.number}: expected "key: value"`);
    const key = String(scalar(match[1] as string, line.number));
    const rest = match[2]?.trim() ?? '';
    state.at += 1;
    if (rest !== '') {
      map[key] = scalar(rest, line.number);
      continue;
    }
    const next = lines[state.at];
    if (next !== undefined && next.indent > indent) map[key] = block(lines, state, next.indent);
    else if (next !== undefined && next.indent === indent && next.text.startsWith('- ')) map[key] = sequence(lines, state, indent);
    else map[key] = null;
  }
  return map;
}

function scalar(text: string, line: number): unknown {
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) throw new YamlError(`line ${line}: unterminated string`);
    return JSON.parse(text.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1'));
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new YamlError(`line ${line}: unterminated string`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('{') || text.startsWith('[')) return flow(text, line);
  if (text.startsWith('|') || text.startsWith('>') || text.startsWith('&') || text.startsWith('*') || text.startsWith('!')) {
    throw new YamlError(`line ${line}: block scalars, anchors and tags are not supported in a kubeconfig here`);
  }
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (text === 'null' || text === '~' || text === 'Null' || text === 'NULL') return null;
  return text;
}

/** `{}`, `[]`, `{ a: b, c: d }`, `[a, b]`: one level, scalar values. */
function flow(text: string, line: number): unknown {
  const open = text[0];
  const close = open === '{' ? '}' : ']';
  if (!text.endsWith(close)) throw new YamlError(`line ${line}: unterminated flow collection`);
  const inner = text.slice(1, -1).trim();
  if (/[{[]/.test(inner)) throw new YamlError(`line ${line}: nested flow collections are not supported in a kubeconfig here`);
  const parts = inner === '' ? [] : inner.split(',').map((p) => p.trim());
  if (open === '[') return parts.map((p) => scalar(p, line));
  const map: Record<string, unknown> = {};
  for (const part of parts) {
    const at = part.indexOf(':');
    if (at < 0) throw new YamlError(`line ${line}: expected "key: value" in a flow mapping`);
    map[String(scalar(part.slice(0, at).trim(), line))] = scalar(part.slice(at + 1).trim(), line);
  }
  return map;
}

/** Drops a `#` comment that is not inside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return line.slice(0, i);
    }
  }
  return line;
}
