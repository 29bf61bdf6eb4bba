// A node:test reporter, beside `spec` in `npm test`: one last line saying how many tests were
// skipped and why (each reason once, with a count), and the one command that runs them.
import type { TestEvent } from 'node:test/reporters';

export default async function* skipSummary(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const reasons = new Map<string, number>();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const skip = (event.data as { skip?: string | boolean }).skip;
    if (skip === undefined || skip === false) continue;
    const reason = typeof skip === 'string' ? skip : 'skipped';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  yield `${summaryLine(reasons, process.getuid?.() === 0)}\n`;
}

export function summaryLine(reasons: ReadonlyMap<string, number>, root: boolean): string {
  const total = [...reasons.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return 'calico-probe tests: nothing skipped';
  const why = [...reasons.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} (${n})`)
    .join('; ');
  const how = root ? 'on Debian, .ci/install-test-deps && npm test' : 'sudo npm test (as root on Debian it installs what it needs)';
  return `calico-probe tests: ${total} skipped: ${why}. To run them all: ${how}`;
}
