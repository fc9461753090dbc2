import { createHash, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** An RSA key that signs RS256 tokens under its key id. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export type Claims = Record<string, unknown>;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function newSigningKey(kid: string = randomBytes(12).toString('base64url')): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact RS256 JWT; the header names `key.kid` unless `kid` says otherwise. */
export function signJwt(key: SigningKey, claims: Claims, kid: string = key.kid): string {
  const body = `${part({ typ: 'JWT', alg: 'RS256', kid })}.${part(claims)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key.privateKey).toString('base64url')}`;
}

/** The public half as a JWKS entry, with the fields Entra and the Bot Framework publish. */
export function publicJwk(key: SigningKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { n, e } = key.publicKey.export({ format: 'jwk' });
  const x5t = createHash('sha1').update(key.kid).digest('base64url');
  return { kty: 'RSA', use: 'sig', kid: key.kid, x5t, n, e, ...extra };
}

/** Why a token was refused, in the words of the services' own errors where they have one. */
export type TokenProblem = 'missing' | 'malformed' | 'unknownKey' | 'badSignature' | 'expired' | 'notYetValid';

export type Verified = { readonly ok: true; readonly claims: Claims } | { readonly ok: false; readonly problem: TokenProblem };

/** Checks an `Authorization` header's bearer token against `keys`: signature, `nbf` and `exp`. */
export function verifyBearer(authorization: string | undefined, keys: readonly SigningKey[], skewSeconds = 300): Verified {
  const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, problem: 'missing' };
  const [header64, claims64, signature64, extra] = match[1].split('.');
  if (!header64 || !claims64 || !signature64 || extra !== undefined) return { ok: false, problem: 'malformed' };
  let header: { alg?: unknown; kid?: unknown };
  let claims: Claims;
  try {
    header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(claims64, 'base64url').toString('utf8')) as Claims;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (header.alg !== 'RS256') return { ok: false, problem: 'malformed' };
  const key = keys.find((k) => k.kid === header.kid);
  if (!key) return { ok: false, problem: 'unknownKey' };
  const valid = createVerify('RSA-SHA256').update(`${header64}.${claims64}`).verify(key.publicKey, Buffer.from(signature64, 'base64url'));
  if (!valid) return { ok: false, problem: 'badSignature' };
  const now = nowSeconds();
  if (typeof claims.exp !== 'number' || claims.exp + skewSeconds <= now) return { ok: false, problem: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - skewSeconds > now) return { ok: false, problem: 'notYetValid' };
  return { ok: true, claims };
}
