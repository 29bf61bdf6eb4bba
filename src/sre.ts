// Carries out the SRE commands (peers, watch, completion) for main.ts. Each one's code is
// loaded with import() only when it runs, so the probe path never parses or pays for it.
import type { SreInvocation } from './commands.ts';

/** Resolves with the exit code; main.ts sets it. */
export async function runSre(invocation: SreInvocation): Promise<number> {
  switch (invocation.kind) {
    case 'peers': {
      const { runPeers } = await import('./peers/command.ts');
      const width = process.stdout.isTTY ? process.stdout.columns : undefined;
      const { stdout, exitCode } = await runPeers(invocation.config, width);
      process.stdout.write(stdout);
      return exitCode;
    }
    case 'watch':
      return watch(invocation.config);
    case 'completion': {
      const { completionScript } = await import('./completion/index.ts');
      process.stdout.write(completionScript(invocation.shell, invocation.program));
      return 0;
    }
  }
}

/**
 * Ctrl-C and SIGTERM stop the loop instead of killing the process, so the watch ends with the
 * exit code of its current state; a reader that went away (EPIPE) stops it too.
 */
async function watch(config: Parameters<typeof import('./watch/command.ts').runWatch>[0]): Promise<number> {
  const { runWatch } = await import('./watch/command.ts');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', onSignal);
  try {
    return await runWatch(config, { signal: stop.signal, writeOut: (text) => process.stdout.write(text), stderr: process.stderr });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
