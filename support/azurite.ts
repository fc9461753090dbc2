import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { freePort } from './net.js';

const require = createRequire(import.meta.url);
/** The storage emulator's well-known development account (public, for local use only). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  container(name: string): ContainerClient;
  stop(): Promise<void>;
}

/** Azurite's blob service on a free loopback port, in memory; `stop()` ends it. */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const child = spawn(
    process.execPath,
    [main, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--inMemoryPersistence', '--blobHost', '127.0.0.1', '--blobPort', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      await service.getProperties();
      break;
    } catch (error) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`Azurite did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    connectionString,
    container: (name) => service.getContainerClient(name),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
