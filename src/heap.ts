import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. Left to itself, on a machine with a few GB of memory, V8 lets it
 * grow to four times that when collections are cheap, as they are here: with 65-105 MB alive
 * (code, the recognizer, the caches) the heap reached 260-420 MB under load before each full
 * collection. At 100 % (twice what survived) it stays within 130-210 MB; full collections come
 * every 1-3 s under load instead of every 5-10 s, for no CPU per turn measurable on this project's
 * bench, but each pauses turns for 15-30 ms, which shows in p99 (README, "Many organisations").
 */
export const HEAP_GROWTH_PERCENT = 100;

/**
 * Sets V8's heap growth. It takes effect at the next full collection: V8 reads this flag each
 * time it sets the next collection's limit, so setting it once the process runs is enough.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWTH_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
