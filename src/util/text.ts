// Small scanners for what a probe reads on every run: BIRD's reply lines, Felix's HTTP head and
// table, /etc/hosts, the option table, calico-node's flags, durations. Not regular expressions:
// V8 compiles each expression anew in every process, and again to machine code when it runs
// twice; on a passing `ready` that was about 10% of the CPU time `node -e 0` takes
// (BENCHMARKS.md, "What each change bought"). Nor a small function called for every character:
// V8 optimises such a function with Maglev within a few hundred calls, which pages in the
// compiler (util/paths.ts). So: native string methods, and loops over short strings with the
// test written inline (5,000 protocols parse as fast as with expressions).

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `text` is 1 to `max` ASCII digits (a short string: a reply code, an octet, a port). */
export function isDigits(text: string, max = Number.POSITIVE_INFINITY): boolean {
  if (text.length === 0 || text.length > max) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `-name`, `--name` or `-name=value` (Go's flag syntax): the name and the value, if any. */
export function goFlag(arg: string): { name: string; value: string | undefined } | undefined {
  const body = arg.startsWith('--') ? arg.slice(2) : arg.startsWith('-') ? arg.slice(1) : undefined;
  if (body === undefined) return undefined;
  const eq = body.indexOf('=');
  return eq === -1 ? { name: body, value: undefined } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

/** Fields separated by spaces and tabs: BIRD's padded columns, /etc/hosts. */
export function fields(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  // At single spaces, not at /\s+/ (no regular expression, above); a run of spaces leaves empty
  // words to drop. A tab counts as a space.
  const spaced = trimmed.includes('\t') ? trimmed.replaceAll('\t', ' ') : trimmed;
  const words = spaced.split(' ');
  return spaced.includes('  ') ? words.filter((word) => word !== '') : words;
}
