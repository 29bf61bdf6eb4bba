// The CLI's way to reach BIRD and Felix: a fresh connection per query, closed at once (watch,
// peers, tests), or left for the exit of a probe's process to close. serve passes kept-open
// connections instead.
import { queryBird } from '../bird/index.ts';
import { getFelix } from '../felix/http.ts';
import type { Transport } from './types.ts';

export const ONE_SHOT: Transport = {
  bird: (path, commands, signal) => queryBird(path, commands, { signal }),
  felix: (url, signal) => getFelix(url, { signal }),
};

/**
 * For a process that exits once its output is written (a probe, cli/process.ts): a connection
 * per query as well, but one that answered is left for the exit to close (felix/http.ts says
 * why); one that failed is closed at once.
 */
export const ONE_SHOT_UNTIL_EXIT: Transport = {
  bird: (path, commands, signal) => queryBird(path, commands, { signal, leaveOpen: true }),
  felix: (url, signal) => getFelix(url, { signal, leaveOpen: true }),
};
