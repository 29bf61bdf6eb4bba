// serve's view of its own Node: one list, then one watch (fieldSelector on the name, bookmarks),
// resumed from the last resourceVersion when the stream ends, re-listed on 410 Gone, with a
// capped exponential backoff after errors. Never a request per probe.
import type { IncomingMessage } from 'node:http';
import type { KubeSource } from '../checks/types.ts';
import { getJson, KubeApiError, openStream } from './client.ts';
import { type KubeConnection, loadConnection } from './config.ts';
import { nodeLifecycle, type NodeLifecycle, type NodeObject } from './node.ts';

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 30_000;
/** Asked of the API server; it ends the stream then and the watch resumes. */
const WATCH_TIMEOUT_SECONDS = 300;

export class NodeWatch {
  #node: NodeLifecycle | null = null;
  #lost: string | undefined = 'not read yet';
  #origin = '';

  private readonly source: KubeSource;
  /** The Node's name, asked again until known: calico-node may write the nodename file later. */
  private readonly resolveName: () => Promise<string>;
  private name = '';

  /** Told when the view is lost (with why) or current again (undefined): a state change, for serve's log. */
  private readonly onState: (lost: string | undefined) => void;

  constructor(source: KubeSource, name: () => Promise<string>, onState: (lost: string | undefined) => void = () => {}) {
    this.source = source;
    this.resolveName = name;
    this.onState = onState;
  }

  #setLost(lost: string | undefined): void {
    const changed = (lost === undefined) !== (this.#lost === undefined);
    this.#lost = lost;
    if (changed) this.onState(lost);
  }

  /** The Node as last seen; null before the first list or when it is gone. */
  get node(): NodeLifecycle | null {
    return this.#node;
  }

  /** Why the view is not current (API unreachable, unauthorised), or undefined when it is. */
  get lost(): string | undefined {
    return this.#lost;
  }

  get origin(): string {
    return this.#origin;
  }

  /** Runs until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    let conn: KubeConnection;
    try {
      conn = await loadConnection(this.source);
      this.#origin = conn.origin;
    } catch (error) {
      this.#setLost((error as Error).message);
      return;
    }
    let backoff = BACKOFF_MIN_MS;
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      try {
        if (this.name === '') {
          this.name = await this.resolveName().catch((error: Error) => {
            throw new Error(`no node name yet: ${error.message}`);
          });
          if (this.name === '') throw new Error('no node name yet: --node-name, $NODENAME and the nodename file are empty');
        }
        const selector = `fieldSelector=${encodeURIComponent(`metadata.name=${this.name}`)}`;
        if (resourceVersion === undefined) {
          const list = (await getJson(conn, `/api/v1/nodes?${selector}`, signal)) as {
            metadata?: { resourceVersion?: string };
            items?: NodeObject[];
          };
          resourceVersion = list.metadata?.resourceVersion ?? '';
          this.#set(list.items?.[0]);
        }
        const path = `/api/v1/nodes?${selector}&watch=1&allowWatchBookmarks=true&timeoutSeconds=${WATCH_TIMEOUT_SECONDS}&resourceVersion=${encodeURIComponent(resourceVersion)}`;
        const stream = await openStream(conn, path, signal);
        backoff = BACKOFF_MIN_MS;
        resourceVersion = await this.#follow(stream, resourceVersion);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof KubeApiError && error.status === 410) {
          resourceVersion = undefined;
          continue;
        }
        this.#setLost((error as Error).message);
        await sleep(backoff, signal);
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
        // After an error the cached view may be stale: list again.
        resourceVersion = undefined;
      }
    }
  }

  #set(object: NodeObject | undefined): void {
    this.#node = object === undefined ? null : nodeLifecycle(object);
    this.#setLost(object === undefined ? `Node ${this.name} not found` : undefined);
  }

  /** Applies events until the stream ends; returns the resourceVersion to resume from. */
  async #follow(stream: IncomingMessage, from: string): Promise<string> {
    let resourceVersion = from;
    let pending = '';
    for await (const chunk of stream) {
      pending += (chunk as Buffer).toString('utf8');
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line === '') continue;
        const event = JSON.parse(line) as { type?: string; object?: NodeObject & { code?: number; message?: string } };
        const object = event.object;
        if (event.type === 'ERROR') {
          throw new KubeApiError(`watch error: ${object?.message ?? 'unknown'}`, object?.code);
        }
        resourceVersion = object?.metadata?.resourceVersion ?? resourceVersion;
        if (event.type === 'ADDED' || event.type === 'MODIFIED') this.#set(object);
        else if (event.type === 'DELETED') this.#set(undefined);
      }
    }
    return resourceVersion;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
