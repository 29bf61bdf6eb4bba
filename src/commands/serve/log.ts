// serve's log: one JSON object per line on stderr, for state transitions only (listening, a
// probe's verdict changed, a listener failed, stopping, stopped) — never one line per request.

export type Level = 'info' | 'error';
export type Log = (level: Level, event: string, fields?: Record<string, unknown>) => void;

export function jsonLog(write: (line: string) => void, now: () => Date = () => new Date()): Log {
  return (level, event, fields = {}) => {
    write(`${JSON.stringify({ time: now().toISOString(), level, event, ...fields })}\n`);
  };
}
