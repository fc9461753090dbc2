import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. Left to itself, on a machine with a few GB of memory, V8 lets it
 * grow to four times that when collections are cheap, as they are here: with 65-105 MB alive
 * (code, the recognizer, the caches) the heap reached 260-420 MB under load before each full
 * collection. At 100 % (twice what survived) RSS under load at 100,000 organisations was 327-349
 * MB; at 50 %, with the organisation cache at 16 MB, 276-289 MB, for no CPU per turn measurable on
 * this project's bench (README, "Many organisations"). Full collections come more often and each
 * pauses turns for 15-30 ms, which the bench's p99 shows within its target.
 */
export const HEAP_GROWTH_PERCENT = 50;

/**
 * Sets V8's heap growth. It takes effect at the next full collection: V8 reads this flag each
 * time it sets the next collection's limit, so setting it once the process runs is enough.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWTH_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
