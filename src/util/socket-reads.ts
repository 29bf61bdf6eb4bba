// How the one-shot BIRD and Felix clients read their sockets: through node:net's `onread`, so
// each read lands in one buffer and goes straight to the client, not through the socket's
// readable stream. Node compiles that stream code from source in every process that uses it, on
// every probe (BENCHMARKS.md, "What each change bought"). The socket still emits 'end', 'close'
// and 'error' as before.
import type { OnReadOpts } from 'node:net';

/** Node's own read size for sockets. */
const READ_BYTES = 64 * 1024;

/**
 * One buffer for every socket of the process: each chunk is consumed before the next read can
 * land, since reads are delivered one at a time on the main thread.
 */
let shared: Buffer | undefined;

/** `onread` for createConnection(): `consume` gets each chunk, valid only until it returns. */
export function readsInto(consume: (chunk: Buffer) => void): OnReadOpts {
  shared ??= Buffer.allocUnsafe(READ_BYTES);
  const buffer = shared;
  return {
    buffer,
    callback: (bytes) => {
      consume(buffer.subarray(0, bytes));
      return true;
    },
  };
}
