// Small scanners for what a probe reads once per run: Felix's HTTP head and table, the option
// table, calico-node's flags, durations (and BIRD's reply codes and peer addresses, line by line). Not regular expressions: V8 compiles each expression
// anew in every process, and again to machine code when it runs twice; on a passing `ready` that
// was about 4% of the instructions `node -e 0` takes (BENCHMARKS.md, "What each change bought").
// Nor a small function called for every character: V8 optimises such a function with Maglev
// within a few hundred calls, which pages in the compiler (util/paths.ts). BIRD's table parser
// (src/bird/protocols.ts, peers.ts) keeps its expressions: it reads replies of any size, and
// string code was 10–20% slower on 5,000 protocols.

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
