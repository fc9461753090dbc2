import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. Left to itself, on a machine with a few GB of memory, V8 lets it
 * grow to four times that when collections are cheap, as they are here (the bot keeps ~65-110 MB
 * alive: code, the recognizer, the caches): under load it then holds 250-400 MB of garbage between
 * two collections. At 100 % (twice what survived) a full collection comes every few seconds
 * under load instead of every ten or so, for no measurable CPU (README, "Many organisations").
 */
export const HEAP_GROWTH_PERCENT = 100;

/**
 * Sets V8's heap growth. It takes effect at the next full collection: V8 reads this flag each
 * time it sets the next collection's limit, so setting it once the process runs is enough.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWTH_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
