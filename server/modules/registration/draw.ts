/**
 * The running-order draw ("bốc thăm"): a Fisher–Yates shuffle driven by SHA-256 of the seed, so
 * anyone with the seed and the list of approved teams can redo it and get the same order.
 *
 * Start from the team keys sorted in code-point order; for i = n-1 down to 1, take
 * j = (the first 6 bytes of sha256("<seed>:<i>") as a big-endian integer) mod (i + 1), and swap
 * places i and j.
 */
import { createHash, randomBytes } from 'node:crypto';

export function drawOrder(seed: string, keys: readonly string[]): string[] {
  const order = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = order.length - 1; i > 0; i--) {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    const j = digest.readUIntBE(0, 6) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A seed easy to read aloud and write down: 3 groups of 4 letters and digits. */
export function newSeed(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((g) => g.join('')).join('-');
}
