// Which BIRD generation a banner or `show status` version names:
//   BIRD 1.6.8 · BIRD v0.3.3+birdv1.6.8 (calico's fork) · BIRD v2.0.7 · BIRD v2.0.9-11-g207ac485 · BIRD 3.3.2

export type BirdGeneration = 1 | 2 | 3;

/** calico's BIRD 1.6 fork names its own version first: `v0.3.3+birdv1.6.8`. */
const FORK = /\+bird\s*v?(\d+)\./;
const PLAIN = /^(?:BIRD\s+)?v?(\d+)\.\d+/;

/**
 * The generation from `0001 BIRD 2.0.12 ready.`'s text (`BIRD 2.0.12 ready.`), a `show status`
 * version line (`BIRD 2.0.12`) or the bare version; null when none of 1, 2 or 3 is named.
 */
export function birdGeneration(text: string): BirdGeneration | null {
  const trimmed = text.trim();
  const major = Number((FORK.exec(trimmed) ?? PLAIN.exec(trimmed))?.[1]);
  return major === 1 || major === 2 || major === 3 ? major : null;
}

/** `BIRD 1.6`, `BIRD 2`, `BIRD 3`, or `BIRD` when the generation is unknown. */
export function generationLabel(generation: BirdGeneration | null): string {
  return generation === null ? 'BIRD' : generation === 1 ? 'BIRD 1.6' : `BIRD ${generation}`;
}
