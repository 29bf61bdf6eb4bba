// Which BIRD generation a banner or `show status` version names:
//   BIRD 1.6.8 · BIRD v0.3.3+birdv1.6.8 (calico's fork) · BIRD v2.0.7 · BIRD v2.0.9-11-g207ac485 · BIRD 3.3.2

import { isDigit } from '../util/text.ts';

export type BirdGeneration = 1 | 2 | 3;

/**
 * The generation from `0001 BIRD 2.0.12 ready.`'s text (`BIRD 2.0.12 ready.`), a `show status`
 * version line (`BIRD 2.0.12`) or the bare version; null when none of 1, 2 or 3 is named.
 * calico's BIRD 1.6 fork names its own version first (`v0.3.3+birdv1.6.8`): what follows
 * `+bird` decides. Read by hand, as util/text.ts says why.
 */
export function birdGeneration(text: string): BirdGeneration | null {
  const trimmed = text.trim();
  let major: number | undefined;
  for (let at = trimmed.indexOf(FORK); at !== -1 && major === undefined; at = trimmed.indexOf(FORK, at + 1)) {
    major = majorOf(trimmed.slice(at + FORK.length).trimStart(), false);
  }
  major ??= majorOf(withoutBirdWord(trimmed), true);
  return major === 1 || major === 2 || major === 3 ? major : null;
}

const FORK = '+bird';

/** `BIRD 2.0.12` → `2.0.12`; anything else as it is. */
function withoutBirdWord(text: string): string {
  const rest = text.slice(4).trimStart();
  return text.startsWith('BIRD') && rest.length < text.length - 4 ? rest : text;
}

/** The major of `v2.0.12` or `2.0` at the start of `text` (`1.` is enough when `minor` is false). */
function majorOf(text: string, minor: boolean): number | undefined {
  const from = text.startsWith('v') ? 1 : 0;
  let end = from;
  while (isDigit(text.charCodeAt(end))) end++;
  if (end === from || text[end] !== '.' || (minor && !isDigit(text.charCodeAt(end + 1)))) return undefined;
  return Number(text.slice(from, end));
}

/** `BIRD 1.6`, `BIRD 2`, `BIRD 3`, or `BIRD` when the generation is unknown. */
export function generationLabel(generation: BirdGeneration | null): string {
  return generation === null ? 'BIRD' : generation === 1 ? 'BIRD 1.6' : `BIRD ${generation}`;
}
