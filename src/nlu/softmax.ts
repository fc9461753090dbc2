import type { Features, Scored } from './classifier.js';

/** A trained regression: feature names, intents, one weight per feature and intent, a bias per intent. */
export interface RegressionJson<I extends string> {
  readonly features: readonly string[];
  readonly intents: readonly I[];
  readonly weights: ReadonlyArray<readonly number[]>;
  readonly bias: readonly number[];
}

/** Below this gradient a class is not updated for an example. */
const SKIP = 1e-3;

/**
 * Multinomial logistic regression over binary features, trained by stochastic gradient descent
 * with L2 regularisation, in a fixed order (training is repeatable). It gives NLP.js's network a
 * second opinion whose scores are probabilities: the network's squared outputs are 0 or 1 for
 * nearly every text, so a threshold on them alone tells little.
 */
export class SoftmaxClassifier<I extends string> {
  readonly #index = new Map<string, number>();
  readonly #intents: I[];
  readonly #weights: Float64Array[];
  readonly #bias: Float64Array;

  /** Trained from examples, or loaded from what `toJSON` gave. */
  constructor(from: ReadonlyArray<{ readonly features: Features; readonly intent: I }> | RegressionJson<I>) {
    if (!Array.isArray(from)) {
      const json = from as RegressionJson<I>;
      json.features.forEach((f, i) => this.#index.set(f, i));
      this.#intents = [...json.intents];
      this.#weights = json.weights.map((w) => Float64Array.from(w));
      this.#bias = Float64Array.from(json.bias);
      return;
    }
    const examples = from;
    // Chosen with npm run nlu:eval; more passes change nothing held out.
    const epochs = 40;
    const rate = 0.5;
    const l2 = 1e-4;
    this.#intents = [...new Set(examples.map((e) => e.intent))];
    for (const e of examples) for (const f of Object.keys(e.features)) if (!this.#index.has(f)) this.#index.set(f, this.#index.size);
    const n = this.#index.size;
    this.#weights = this.#intents.map(() => new Float64Array(n));
    this.#bias = new Float64Array(this.#intents.length);
    const data = examples.map((e) => ({ keys: Object.keys(e.features).map((f) => this.#index.get(f)!), y: this.#intents.indexOf(e.intent) }));
    const p = new Float64Array(this.#intents.length);
    // A fixed shuffle order per epoch, so that training is repeatable.
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const order = data.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = rate / (1 + epoch * 0.1);
      for (const i of order) {
        const { keys, y } = data[i]!;
        this.#probabilities(keys, p);
        for (let c = 0; c < p.length; c++) {
          const g = p[c]! - (c === y ? 1 : 0);
          // A class the example already rules out has next to nothing to learn from it: skipping
          // it (its weight decay included) keeps training quick as the corpus grows.
          if (g > -SKIP && g < SKIP) continue;
          const w = this.#weights[c]!;
          for (const k of keys) w[k] = w[k]! - lr * (g + l2 * w[k]!);
          this.#bias[c] = this.#bias[c]! - lr * g;
        }
      }
    }
  }

  #probabilities(keys: readonly number[], out: Float64Array): void {
    let max = -Infinity;
    for (let c = 0; c < out.length; c++) {
      let z = this.#bias[c]!;
      const w = this.#weights[c]!;
      for (const k of keys) z += w[k]!;
      out[c] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (let c = 0; c < out.length; c++) total += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < out.length; c++) out[c] = out[c]! / total;
  }

  /** The trained regression as plain data. */
  toJSON(): RegressionJson<I> {
    return { features: [...this.#index.keys()], intents: [...this.#intents], weights: this.#weights.map((w) => [...w]), bias: [...this.#bias] };
  }

  classify(features: Features): Array<Scored<I>> {
    const keys: number[] = [];
    for (const f of Object.keys(features)) {
      const k = this.#index.get(f);
      if (k !== undefined) keys.push(k);
    }
    const p = new Float64Array(this.#intents.length);
    this.#probabilities(keys, p);
    return this.#intents.map((intent, c) => ({ intent, score: p[c]! })).sort((a, b) => b.score - a.score);
  }
}
