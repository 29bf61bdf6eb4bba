// `calico-probe watch`: the loop, wired to the terminal. Transitions (every run with -v) go
// to stdout as lines, or JSON objects with -o json; the spinner goes to stderr, only on a
// terminal and never with -q or -o json. -q keeps only transitions into failure. The first run
// is always shown (with -q only when it failed): the verdict and why, or its JSON document.
import { loadPaint } from '../../report/paint.ts';
import type { WatchConfig } from './config.ts';
import { eventJson, eventLine, firstRunText, stateWord, statusText, type WatchEvent } from './format.ts';
import { watchLoop } from './loop.ts';
import type { LongRunningIo } from '../io.ts';
import { openStatusLine, spinnerPossible } from './status-line.ts';

export type WatchIo = Pick<LongRunningIo, 'signal' | 'writeOut' | 'stderr'>;

/** Runs until --count runs or the signal; resolves with the exit code of the state it ended in. */
export async function run(config: WatchConfig, io: WatchIo): Promise<number> {
  const { probe, kind } = config;
  const json = probe.output === 'json';
  const paint = await loadPaint(probe.color && !json);
  const line = await openStatusLine(!json && !probe.quiet && spinnerPossible(io.stderr), io.stderr, io.writeOut, probe.color);
  let lastTransition: WatchEvent | undefined;
  const shown = (event: WatchEvent): boolean =>
    probe.quiet ? event.kind === 'transition' && event.to === 'failure' : event.kind === 'transition' || probe.verbose;

  const { state, exitCode } = await watchLoop(config, {
    signal: io.signal,
    onRunStart: (run) =>
      line.update(`${lastTransition ? stateWord(kind, lastTransition.to) : 'probing'} · run ${run} in progress`, lastTransition?.to),
    onEvent: (event) => {
      if (event.kind === 'transition') lastTransition = event;
      if (event.run === 1) {
        if (!probe.quiet || event.outcome === 'failure')
          line.print(json ? eventJson(event) : firstRunText(event, kind, paint, shown(event)));
      } else if (shown(event)) {
        line.print(json ? eventJson(event) : eventLine(event, kind, paint));
      }
      line.update(statusText(kind, event, lastTransition), event.to);
    },
  });
  const how = io.signal.aborted ? 'interrupted' : 'done';
  line.stop(
    `${how} after ${state.runs} run${state.runs === 1 ? '' : 's'}: ${stateWord(kind, state.state)} (exit ${exitCode})`,
    exitCode === 0,
  );
  return exitCode;
}
