// The oldest Node.js calico-probe runs on: package.json's `engines` (test/cli/node-version.test.ts
// keeps the two equal). An older Node runs some commands and breaks others in odd ways (serve's
// import() of undici), so main.ts refuses every command up front.
export const MIN_NODE = [22, 19] as const;

/** The usage error for this Node, or undefined when it is new enough. */
export function nodeTooOld(version: string): string | undefined {
  const [major = 0, minor = 0] = (version.startsWith('v') ? version.slice(1) : version).split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `calico-probe needs Node.js ≥ ${needMajor}.${needMinor} (this is ${version})`;
}
