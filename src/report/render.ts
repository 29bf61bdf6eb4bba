// One entry from results to what the process prints and how it exits: the output
// format decides both (nagios has its own exit-code convention).
import { exitCodeFor } from '../exit-codes.ts';
import type { CheckResult, ProbeConfig } from '../types.ts';
import { renderJson } from './json.ts';
import { loadPaint } from './paint.ts';
import { renderPrometheus } from './prometheus.ts';
import { renderText } from './text.ts';

export interface Rendered {
  stdout: string;
  exitCode: number;
}

export async function renderResults(results: readonly CheckResult[], config: ProbeConfig, durationMs: number): Promise<Rendered> {
  const exitCode = exitCodeFor(results.map((r) => r.status));
  switch (config.output) {
    case 'json':
      return { stdout: renderJson(results, durationMs), exitCode };
    case 'prometheus':
      return { stdout: renderPrometheus(results, { timestampSeconds: Date.now() / 1000 }), exitCode };
    default: {
      const paint = await loadPaint(config.color);
      return { stdout: renderText(results, { paint, verbose: config.verbose, quiet: config.quiet }), exitCode };
    }
  }
}
