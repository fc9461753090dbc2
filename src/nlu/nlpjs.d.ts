// The parts of NLP.js the recognizer uses; the packages ship no type declarations.
declare module '@nlpjs/neural' {
  export interface TrainingItem {
    readonly input: Record<string, number>;
    readonly output: Record<string, number>;
  }
  export class NeuralNetwork {
    constructor(settings?: Record<string, unknown>);
    train(corpus: TrainingItem[]): unknown;
    run(input: Record<string, number>): Record<string, number> | undefined;
    /** The trained network as plain data: its settings, feature and intent names, and weights. */
    toJSON(): NetworkJson;
    fromJSON(json: NetworkJson): void;
  }
  export interface NetworkJson {
    readonly settings: Record<string, unknown>;
    readonly features?: string[];
    readonly intents?: string[];
    readonly perceptrons?: number[][];
  }
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
  export const LangEn: unknown;
}

declare module '@nlpjs/lang-fr' {
  export class StemmerFr {
    stemWord(word: string): string;
  }
  export const LangFr: unknown;
}

declare module '@nlpjs/core' {
  export function containerBootstrap(): { use(plugin: unknown): void };
}

declare module '@nlpjs/nlu' {
  export class NluNeural {
    constructor(settings: Record<string, unknown>, container: unknown);
    train(corpus: Array<{ utterance: string; intent: string }>): Promise<unknown>;
    process(utterance: string): Promise<{ classifications: Array<{ intent: string; score: number }> }>;
  }
}
