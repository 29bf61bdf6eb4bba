// The CLI's way to reach BIRD and Felix: a fresh connection per query, closed at once, so a
// one-shot process leaves nothing open. serve passes kept-open connections instead.
import { queryBird } from '../bird/index.ts';
import { getFelix } from '../felix/http.ts';
import type { Transport } from './types.ts';

export const ONE_SHOT: Transport = {
  bird: (path, commands, signal) => queryBird(path, commands, { signal }),
  felix: (url, signal) => getFelix(url, { signal }),
};
