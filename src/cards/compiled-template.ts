/**
 * The part of Adaptive Card templating that the cards of `cards/` use, turned once into plain
 * functions: a render then walks the template without parsing or evaluating expressions through
 * adaptive-expressions (which builds an evaluation memory and options for every binding, much of a
 * card's cost). Covered: `${path}` (`a.b`, `a[b.c]`, `$root.…`, `$data`, `$index`), `!`, `&&`,
 * `||`, `==` and `!=` against a text literal, `$when`, and `$data` over an array or an object.
 *
 * Whatever it does not cover exactly is left to adaptivecards-templating: a template using
 * anything else is not compiled at all, and a render that meets a value the library would treat
 * in a way of its own (a missing or null value, which it writes back as its binding; a condition
 * that is not a boolean; an object written into text) stops with `Uncovered`, and the caller
 * expands that card with the library instead. `test/cards/compiled-template.test.ts` holds the
 * two to the same output for every card and sample.
 */

/** The render met a case the library decides: expand the card with the library. */
export class Uncovered extends Error {
  constructor() {
    super('a case for adaptivecards-templating');
    this.name = 'Uncovered';
  }
}

interface Scope {
  readonly root: unknown;
  readonly data: unknown;
  readonly index: number | undefined;
}

type Compiled = (scope: Scope) => unknown;
type Expression = (scope: Scope) => unknown;

/** The template's own keys, never copied to the card (the library's reserved fields). */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

const uncovered = (): never => {
  throw new Uncovered();
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** A template as a function of its data, or undefined when it uses something not covered here. */
export function compileTemplate(template: unknown): ((root: unknown) => unknown) | undefined {
  try {
    const compiled = compileNode(template);
    return (root) => compiled({ root, data: root, index: undefined });
  } catch (error) {
    if (error instanceof NotCompiled) return undefined;
    throw error;
  }
}

class NotCompiled extends Error {}

const notCompiled = (): never => {
  throw new NotCompiled();
};

function compileNode(node: unknown): Compiled {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileArray(items: readonly Compiled[]): Compiled {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Compiled {
  const fields: Array<[string, Compiled]> = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [key, compileNode(node[key])]);
  const when = node.$when === undefined ? undefined : compileBinding(node.$when);
  const data = node.$data === undefined ? undefined : compileBinding(node.$data);
  const expandOne = (scope: Scope): Record<string, unknown> | undefined => {
    if (when) {
      const keep = when(scope);
      if (typeof keep !== 'boolean') uncovered();
      if (!keep) return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const value = field(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  return (scope) => {
    if (!data) return expandOne(scope) ?? null;
    const context = data(scope);
    if (!Array.isArray(context)) {
      if (typeof context !== 'object' || context === null) uncovered();
      return expandOne({ root: scope.root, data: context, index: scope.index }) ?? null;
    }
    const out: Array<Record<string, unknown>> = [];
    context.forEach((item: unknown, index) => {
      if (item === undefined) uncovered();
      const one = expandOne({ root: scope.root, data: item, index });
      if (one) out.push(one);
    });
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** `$when` and `$data` take a string that is one `${…}` and nothing else. */
function compileBinding(value: unknown): Expression {
  if (typeof value !== 'string') return notCompiled();
  const parts = splitBindings(value);
  if (parts.length !== 1 || typeof parts[0] === 'string') return notCompiled();
  return parts[0]!;
}

/** A string with bindings: one binding alone gives its value as it is, text around it a string. */
function compileString(text: string): Compiled {
  if (!text.includes('${')) return () => text;
  // Backslashes and backticks have meanings of their own in the library's string templates.
  if (text.includes('\\') || text.includes('`')) return notCompiled();
  const parts = splitBindings(text);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const only = parts[0]!;
    return (scope) => {
      const value = only(scope);
      if (value === undefined || value === null) uncovered();
      return value;
    };
  }
  return (scope) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = part(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') uncovered();
      out += String(value);
    }
    return out;
  };
}

/** Text and compiled `${…}` expressions, in order. */
function splitBindings(text: string): Array<string | Expression> {
  const parts: Array<string | Expression> = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('${', at);
    if (open < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (open > at) parts.push(text.slice(at, open));
    const close = text.indexOf('}', open);
    if (close < 0) return notCompiled();
    parts.push(parseExpression(text.slice(open + 2, close)));
    at = close + 1;
  }
  return parts;
}

/** Tokens of the covered expressions: paths, `!`, `&&`, `||`, `==`, `!=`, brackets, literals. */
function tokenize(source: string): string[] {
  const tokens = source.match(/\s+|&&|\|\||==|!=|!|\[|\]|\.|'[^'\\]*'|[A-Za-z_$][A-Za-z0-9_$]*|\d+|./g) ?? [];
  return tokens.filter((token) => !/^\s+$/.test(token));
}

function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) return notCompiled();
    return token;
  };

  const path = (): Expression => {
    const head = take();
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(head)) return notCompiled();
    const steps: Array<string | Expression> = [];
    for (;;) {
      if (peek() === '.') {
        take();
        const name = take();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return notCompiled();
        steps.push(name);
      } else if (peek() === '[') {
        take();
        steps.push(path());
        take(']');
      } else break;
    }
    const start = (scope: Scope): unknown => {
      if (head === '$root') return scope.root;
      if (head === '$data') return scope.data;
      if (head === '$index') return scope.index;
      if (head.startsWith('$')) return uncovered();
      return property(scope.data, head);
    };
    return (scope) => {
      let value = start(scope);
      for (const step of steps) value = property(value, typeof step === 'string' ? step : step(scope));
      return value;
    };
  };

  // Text literals only: the library compares numbers in a way of its own.
  const literal = (): string => {
    const token = take();
    return /^'[^']*'$/.test(token) ? token.slice(1, -1) : notCompiled();
  };

  const comparison = (): Expression => {
    const left = path();
    const op = peek();
    if (op !== '==' && op !== '!=') return left;
    take();
    const right = literal();
    return (scope) => {
      const value = left(scope);
      if (typeof value !== 'string') uncovered();
      return op === '==' ? value === right : value !== right;
    };
  };

  const unary = (): Expression => {
    if (peek() !== '!') return comparison();
    take();
    const inner = unary();
    return (scope) => !booleanOf(inner(scope));
  };

  const chain = (op: '&&' | '||', operand: () => Expression): Expression => {
    const first = operand();
    const rest: Expression[] = [];
    while (peek() === op) {
      take();
      rest.push(operand());
    }
    if (rest.length === 0) return first;
    const all = [first, ...rest];
    // Every operand is evaluated, as the library does (an uncovered one anywhere is still seen).
    return op === '&&'
      ? (scope) => all.map((operandOf) => booleanOf(operandOf(scope))).every(Boolean)
      : (scope) => all.map((operandOf) => booleanOf(operandOf(scope))).some(Boolean);
  };

  const expression = chain('||', () => chain('&&', unary));
  if (at !== tokens.length) return notCompiled();
  return expression;
}

/** A property the data has as its own; anything else is the library's to resolve. */
function property(value: unknown, name: unknown): unknown {
  if (typeof name !== 'string' || !isPlainObject(value) || !Object.hasOwn(value, name)) return uncovered();
  const found = value[name];
  if (found === undefined || found === null) return uncovered();
  return found;
}

/** `!`, `&&` and `||` of booleans only: the library's truth of other values is its own. */
function booleanOf(value: unknown): boolean {
  if (typeof value !== 'boolean') return uncovered();
  return value;
}
