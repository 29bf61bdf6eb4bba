// The benchmark's tables in Markdown, ratios against the baseline measured in the same run, and
// the exec-path budget (README, Speed; BENCHMARKS.md): ≤ 1.5× wall and CPU, ≤ +6 MB peak RSS;
// the first probe after an install (no code cache yet) ≤ 2.0× CPU.
import type { Spread } from './measure.ts';
import type { Result } from './rounds.ts';

export const BUDGET = { wallRatio: 1.5, cpuRatio: 1.5, rssExtraMb: 6, firstRunCpuRatio: 2.0 };

export interface Verdict {
  name: string;
  ok: boolean;
  why: string;
}

const ms = (s: Spread): string => `${s.median.toFixed(1)} (${s.p25.toFixed(1)}–${s.p75.toFixed(1)})`;
const mb = (kb: number): string => (kb / 1024).toFixed(1);

export function timingTable(results: readonly Result[], baseline: Result): string {
  const rows = results.map((r) => {
    const wall = r.wall.median / baseline.wall.median;
    const cpu = r.cpu.median / baseline.cpu.median;
    const extra = (r.rssKb.median - baseline.rssKb.median) / 1024;
    return `| ${r.command.name} | ${ms(r.wall)} | ${wall.toFixed(2)}× | ${ms(r.cpu)} | ${cpu.toFixed(2)}× | ${mb(r.rssKb.median)} | ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} |`;
  });
  return [
    '| command | wall ms, median (p25–p75) | wall × | CPU ms, median (p25–p75) | CPU × | peak RSS MB | RSS vs baseline MB |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function verdicts(results: readonly Result[], baseline: Result): Verdict[] {
  const firstRun = results
    .filter((r) => r.command.firstRunBudget)
    .map((r) => {
      const cpu = r.cpu.median / baseline.cpu.median;
      const ok = cpu <= BUDGET.firstRunCpuRatio;
      return {
        name: r.command.name,
        ok,
        why: `${ok ? '' : 'over budget: '}CPU ${cpu.toFixed(2)}× (first run: ≤ ${BUDGET.firstRunCpuRatio}×)`,
      };
    });
  return [...budgetVerdicts(results, baseline), ...firstRun];
}

function budgetVerdicts(results: readonly Result[], baseline: Result): Verdict[] {
  return results
    .filter((r) => r.command.budget)
    .map((r) => {
      const wall = r.wall.median / baseline.wall.median;
      const cpu = r.cpu.median / baseline.cpu.median;
      const extraMb = (r.rssKb.median - baseline.rssKb.median) / 1024;
      const over = [
        wall > BUDGET.wallRatio ? `wall ${wall.toFixed(2)}×` : '',
        cpu > BUDGET.cpuRatio ? `CPU ${cpu.toFixed(2)}×` : '',
        extraMb > BUDGET.rssExtraMb ? `RSS +${extraMb.toFixed(1)} MB` : '',
      ].filter(Boolean);
      const why = `wall ${wall.toFixed(2)}×, CPU ${cpu.toFixed(2)}×, RSS +${extraMb.toFixed(1)} MB`;
      return { name: r.command.name, ok: over.length === 0, why: over.length === 0 ? why : `over budget: ${over.join(', ')}` };
    });
}
