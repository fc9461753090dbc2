import type { IncomingMessage } from 'node:http';

/** A request the front door refuses, with the HTTP status that says why. */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export const refusal = (status: number, code: string, message: string): Refusal => ({ status, code, message });

/**
 * Why a Content-Type header is not JSON, or undefined. Bot Framework channels send
 * `application/json` (with `charset=utf-8`); anything else, forms and multipart above all, is
 * refused before a byte of the body is read: a form post needs no CORS preflight, so a web page
 * could otherwise make a browser drive a bot running on localhost.
 */
export function contentTypeProblem(header: string | undefined): Refusal | undefined {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') {
    return refusal(415, 'UnsupportedMediaType', 'the body must be application/json (a Bot Framework activity)');
  }
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replaceAll('"', '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return refusal(415, 'UnsupportedMediaType', 'the body must be encoded in UTF-8');
  }
  return undefined;
}

/**
 * Reads a request body into memory, never more than `maxBytes` of it: a declared length over the
 * limit is refused before reading, and a chunked body is refused as soon as it passes the limit.
 * A body still incomplete after `timeoutMs` is refused too (a slow sender must not hold a
 * connection and its buffer for ever). Nothing is written anywhere.
 */
export function readBody(
  req: IncomingMessage,
  { maxBytes, timeoutMs }: { readonly maxBytes: number; readonly timeoutMs: number },
): Promise<{ ok: true; text: string } | { ok: false; refusal: Refusal }> {
  const tooLarge = refusal(413, 'PayloadTooLarge', `the body is larger than ${maxBytes} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, refusal: tooLarge });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: { ok: true; text: string } | { ok: false; refusal: Refusal }) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      // What a refused sender still sends is not read: the connection is closed after the answer.
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish({ ok: false, refusal: tooLarge });
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') });
    const onError = () => finish({ ok: false, refusal: refusal(400, 'BadRequest', 'the body could not be read') });
    const timer = setTimeout(
      () => finish({ ok: false, refusal: refusal(408, 'RequestTimeout', `the body did not arrive within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
