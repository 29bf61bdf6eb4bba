// The fallback when supervise/ cannot be read directly (EACCES): ask `sv status` instead.
// zx is imported here, lazily, and nowhere else: the exec path must never load it
// (loading zx/core costs about 20 ms; README, Design notes). sv gets its own short timeout inside the run's signal,
// its own process group, and is killed with the group when either fires.
import { parseSvStatus, type ServiceStatus, unknownSvStatus } from './sv-status.ts';

/** `sv status` answers instantly when it can; anything slower is a wedged system. */
const SV_TIMEOUT_MS = 2000;
/** bash's exit code for "command not found" (zx runs commands through bash). */
const NOT_FOUND = 127;

type Fallback = Omit<ServiceStatus, 'service' | 'dir'>;

/** Never throws; sv's own complaint (for example `access denied`) becomes `error`. */
export async function readViaSv(dir: string, signal: AbortSignal): Promise<Fallback> {
  const fail = (raw: string, error: string, timedOut?: true): Fallback => ({
    ...unknownSvStatus(raw, error),
    source: 'sv',
    ...(timedOut && { timedOut }),
  });
  if (signal.aborted) return fail(`timeout: ${dir}: deadline reached`, `deadline reached before running sv status ${dir}`, true);
  try {
    const { $ } = await import('zx/core');
    const output = await $({
      nothrow: true,
      quiet: true,
      verbose: false,
      detached: true,
      cwd: '/', // sv needs no working directory, and the probe's own may be out of its reach
      signal,
      timeout: SV_TIMEOUT_MS,
      timeoutSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    })`sv status ${dir}`;
    if (output.exitCode === NOT_FOUND) return fail(`fail: ${dir}: sv not found`, 'sv not found in PATH');
    if (output.exitCode === null && output.signal === null) {
      // Nothing ran: zx found no shell to run sv with.
      return fail(
        `fail: ${dir}: could not run sv`,
        `could not run sv status ${dir}: zx runs it through bash, and there is no bash in PATH`,
      );
    }
    if (output.signal !== null || signal.aborted) {
      return fail(`timeout: ${dir}: sv status did not answer`, `sv status ${dir} did not answer in time`, true);
    }
    const parsed = parseSvStatus(output.stdout || output.stderr);
    return { ...parsed, source: 'sv' };
  } catch (error) {
    return fail(`fail: ${dir}: could not run sv`, `could not run sv status ${dir}: ${(error as Error).message}`);
  }
}
