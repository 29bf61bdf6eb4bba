// Running Node as `nobody` (to meet EACCES as an unprivileged probe would) from a checkout nobody
// may not enter: a clone under /root or in a 0700 home. Then node, the built CLI and src/ are
// copied once per test process into a fresh 0755 temp directory, removed at exit; a checkout
// nobody can read is used as it is.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './harness/paths.ts';

export const NOBODY_IDS = { uid: 65534, gid: 65534 } as const;

export interface NobodyCopy {
  /** A node binary nobody may run. */
  execPath: string;
  /** bin/calico-probe.js, with dist/ beside it as it expects. */
  cli: string;
  /** The file: URL of a file under src/ (`src/bird/index.ts`) that nobody may import. */
  src(path: string): string;
}

let copy: NobodyCopy | undefined;

function reachable(execPath: string, files: string[]): boolean {
  const script = `for (const f of ${JSON.stringify(files)}) require('node:fs').accessSync(f, ${constants.R_OK})`;
  return spawnSync(execPath, ['-e', script], { ...NOBODY_IDS, stdio: 'ignore' }).status === 0;
}

export function nobodyCopy(): NobodyCopy {
  if (copy !== undefined) return copy;
  const probeFiles = (root: string) => [
    join(root, 'bin/calico-probe.js'),
    join(root, 'dist/calico-probe.cjs'),
    join(root, 'dist/probe-commands.cjs'),
    join(root, 'src/main.ts'),
  ];
  if (reachable(process.execPath, probeFiles(REPO_ROOT))) {
    copy = layout(process.execPath, REPO_ROOT);
    return copy;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cp-nobody-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  // node_modules/zx and chalk: src/runit/sv-fallback.ts and src/report/paint.ts import them, and
  // so does dist/probe-commands.cjs, which leaves them outside (the whole CLI's bundle needs neither).
  for (const part of ['bin', 'dist', 'src', 'package.json', 'node_modules/zx', 'node_modules/chalk']) {
    cpSync(join(REPO_ROOT, part), join(dir, part), { recursive: true });
  }
  cpSync(process.execPath, join(dir, 'node'));
  chmodSync(join(dir, 'node'), 0o755);
  // Directories 0755, files 0644 (the node binary 0755): whatever the umask of the checkout was.
  spawnSync('chmod', ['-R', 'u+rwX,go+rX', dir]);
  copy = layout(join(dir, 'node'), dir);
  if (!reachable(copy.execPath, probeFiles(dir))) throw new Error(`nobody cannot run node and the CLI, even copied to ${dir}`);
  return copy;
}

function layout(execPath: string, root: string): NobodyCopy {
  accessSync(execPath, constants.X_OK);
  return { execPath, cli: join(root, 'bin', 'calico-probe.js'), src: (path) => pathToFileURL(join(root, path)).href };
}
