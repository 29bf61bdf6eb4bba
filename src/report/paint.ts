// Colour for human output. chalk is loaded only when colour is on (a TTY, not
// NO_COLOR): the kubelet never has a TTY, so the exec path never pays for it.
import type { CheckStatus } from '../checks/types.ts';

export interface Paint {
  status(status: CheckStatus, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN: Paint = { status: (_s, text) => text, dim: (text) => text, bold: (text) => text };

export async function loadPaint(color: boolean): Promise<Paint> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  const byStatus = { pass: chalk.green, warn: chalk.yellow, fail: chalk.red, unknown: chalk.magenta };
  return { status: (status, text) => byStatus[status](text), dim: (text) => chalk.dim(text), bold: (text) => chalk.bold(text) };
}

/**
 * Text from BIRD or Felix must not drive the terminal: control characters become
 * visible escapes (`\x1b`), and over-long text is clipped.
 */
export function printable(text: string, max = 2048): string {
  // By hand, not a regular expression: every message goes through here (util/text.ts says why).
  let safe = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x1f && (c < 0x7f || c > 0x9f)) continue;
    safe += `${text.slice(copied, i)}\\x${c.toString(16).padStart(2, '0')}`;
    copied = i + 1;
  }
  safe += text.slice(copied);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
