// A plain HTTP request for serve's tests, through node:http (no keep-alive, like the kubelet), with
// what a test asserts on: status, headers, body, its first line and the wall time.
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  firstLine: string;
  ms: number;
}

export function request(
  url: string,
  opts: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          firstLine: body.split('\n', 1)[0] ?? '',
          ms: performance.now() - started,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${url} within 20 s`)));
    req.end(opts.body);
  });
}

/** Polls `url` until `accept` holds for the answer; fails with the last answer after `timeoutMs`. */
export async function requestUntil(url: string, accept: (a: Answer) => boolean, timeoutMs = 15_000): Promise<Answer> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await request(url);
    if (accept(answer)) return answer;
    if (performance.now() > deadline) throw new Error(`${url} kept answering ${answer.status}: ${answer.firstLine}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
