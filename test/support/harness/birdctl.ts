// A minimal BIRD control-socket client: connect, read the banner, send one command, read to the
// first final line (`CCCC ` with a space), return every byte received. Deliberately independent of
// src/bird so the harness can check the probe's client rather than share its bugs.

import { connect } from 'node:net';

const FINAL_LINE = /^\d{4} /;

/** Raw session text: the `0001` banner line, then the reply ending with its final line. Rejects
 * with the socket error (its `code` is ENOENT, ECONNREFUSED, …) or ETIMEDOUT at the deadline. */
export function birdctl(socket: string, command: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let text = '';
    let sent = false;
    const timer = setTimeout(() => {
      conn.destroy();
      reject(
        Object.assign(new Error(`no complete reply to '${command}' from ${socket} within ${timeoutMs} ms; got ${JSON.stringify(text)}`), {
          code: 'ETIMEDOUT',
        }),
      );
    }, timeoutMs);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve(text);
    };
    conn.setEncoding('latin1');
    conn.on('error', (err) => finish(err));
    conn.on('end', () => finish(new Error(`${socket} closed before the reply to '${command}' ended; got ${JSON.stringify(text)}`)));
    conn.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n').slice(0, -1); // only complete lines
      if (!sent && lines.length >= 1) {
        sent = true;
        conn.write(`${command}\n`);
      }
      if (lines.slice(1).some((l) => FINAL_LINE.test(l))) finish();
    });
  });
}

/** Tries one connect and reports how it went: 'ok' (banner received) or the errno code. */
export function connectOutcome(socket: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const conn = connect(socket);
    const done = (outcome: string): void => {
      clearTimeout(timer);
      conn.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('ETIMEDOUT'), timeoutMs);
    conn.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    conn.on('data', () => done('ok'));
  });
}

export interface ProtocolRow {
  name: string;
  proto: string;
  state: string;
  /** The first info word; for BGP rows the BGP state (`Established`, `Active`, …). */
  info: string | undefined;
}

/** The rows of a raw `show protocols` reply (BIRD 1.6, 2 and 3 layouts, any time format). */
export function protocolRows(raw: string): ProtocolRow[] {
  const rows: ProtocolRow[] = [];
  let code = '';
  for (const line of raw.split('\n')) {
    let text: string;
    if (/^\d{4}[ -]/.test(line)) {
      code = line.slice(0, 4);
      text = line.slice(5);
    } else if (line.startsWith(' ')) {
      text = line.slice(1);
    } else continue;
    if (code !== '1002') continue;
    // The since column may hold spaces (`timeformat protocol iso long`): BIRD ends it with two.
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(text);
    if (m === null) continue;
    const rest = m[5] ?? '';
    const cut = /\s{2,}/.exec(rest);
    const info = cut === null ? rest.trim().split(/\s+/)[1] : rest.slice(cut.index).trim().split(/\s+/)[0];
    rows.push({ name: m[1]!, proto: m[2]!, state: m[4]!, info: info === '' ? undefined : info });
  }
  return rows;
}

export function isEstablished(raw: string, name: string): boolean {
  return protocolRows(raw).some((r) => r.name === name && r.proto === 'BGP' && r.info === 'Established');
}

export function bgpNames(raw: string): string[] {
  return protocolRows(raw)
    .filter((r) => r.proto === 'BGP')
    .map((r) => r.name);
}
