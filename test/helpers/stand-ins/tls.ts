import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

/** A private certificate authority and a server certificate it signed, for this test run only. */
export interface TestPki {
  /** The CA certificate (PEM), for clients of the stand-ins. */
  readonly ca: string;
  /** The CA certificate's file: give it to a child process as `NODE_EXTRA_CA_CERTS`. */
  readonly caFile: string;
  /** Certificate (PEM) for `localhost` and `127.0.0.1`, signed by the CA. */
  readonly cert: string;
  /** Its private key (PEM). */
  readonly key: string;
}

async function makePki(dir: string): Promise<TestPki> {
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(OPENSSL, [
    'req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=partner-bot test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run(OPENSSL, ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(
    file('server.ext'),
    [
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  await run(OPENSSL, [
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2', '-sha256',
    '-extfile', file('server.ext'), '-out', file('server.pem'),
  ]);
  return {
    ca: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    cert: readFileSync(file('server.pem'), 'utf8'),
    key: readFileSync(file('server.key'), 'utf8'),
  };
}

let made: Promise<TestPki> | undefined;

/**
 * The test run's certificate authority and server certificate, made with openssl on first use in
 * a temp folder that goes when the process exits. Every stand-in serves the same certificate, so
 * one `NODE_EXTRA_CA_CERTS` file lets a child process trust all of them.
 */
export function testPki(): Promise<TestPki> {
  if (!made) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'partner-bot-pki-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    made = makePki(dir);
  }
  return made;
}

/**
 * `fetch` for this process, trusting `ca`: Node 20's own fetch cannot be given a CA, and
 * `NODE_EXTRA_CA_CERTS` is read only when a process starts. Buffers the whole answer.
 */
export function trustingFetch(ca: string): (url: string | URL, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<Response> {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const request = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
          }
          const status = response.statusCode ?? 500;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      request.on('error', reject);
      request.end(init.body);
    });
}
