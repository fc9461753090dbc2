import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DiskWorker } from '../../src/store/file/disk-worker.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('DiskWorker (whole files read and written on a thread of their own)', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const worker = new DiskWorker();

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterEach(() => remove());

  it('closes only once the jobs asked before are done, and stops its thread', async () => {
    const own = new DiskWorker();
    const file = path.join(dir, 'closing.json');
    const threads = () => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const written = own.write(file, 'last words');
    const before = threads();
    await own.close();
    await written;
    assert.equal(await readFile(file, 'utf8'), 'last words');
    assert.ok(threads() < before, 'its message port is closed with the thread');
    assert.equal(await own.read(file), 'last words', 'a job after closing starts a thread again');
    await own.close();
  });

  it('keeps the order of writes to one file: the last one written is the last one asked', async () => {
    const file = path.join(dir, 'doc.json');
    await Promise.all(Array.from({ length: 300 }, (_, i) => worker.write(file, JSON.stringify({ i }))));
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { i: 299 });
    assert.deepEqual(await readdir(dir), ['doc.json'], 'no temporary file left');
  });

  it('reads what was written before, whatever the order the promises settle in', async () => {
    const file = path.join(dir, 'doc.json');
    assert.equal(await worker.read(file), undefined, 'a missing file reads as undefined');
    void worker.write(file, 'one');
    const afterOne = worker.read(file);
    void worker.write(file, 'two');
    assert.equal(await afterOne, 'one');
    assert.equal(await worker.read(file), 'two');
    await assert.rejects(worker.read(dir), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
  });

  it('settles finished jobs at once when asked, without waiting for the event loop', async () => {
    const file = path.join(dir, 'now.json');
    let done = false;
    void worker.write(file, '{}').then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve)); // the job is sent at the end of a loop pass
    // From here on only microtasks run: the thread's answer can arrive only through settleFinished.
    const until = Date.now() + 5_000;
    while (!done && Date.now() < until) {
      worker.settleFinished();
      await Promise.resolve();
    }
    assert.ok(done, 'settled without a turn of the event loop');
    assert.equal(await readFile(file, 'utf8'), '{}');
  });

  it('reads a file with no write under way at once, without a message to the thread', async () => {
    const own = new DiskWorker();
    const file = path.join(dir, 'quiet.json');
    await writeFile(file, 'on disk');
    // Through the thread, an answer needs at least one more pass of the event loop.
    const nextPass = () => new Promise((resolve) => setImmediate(() => resolve('not yet')));
    assert.equal(await Promise.race([own.read(file), nextPass()]), 'on disk');
    assert.equal(await Promise.race([own.read(path.join(dir, 'missing.json')), nextPass()]), undefined);
    const written = own.write(file, 'newer');
    assert.equal(await own.read(file), 'newer', 'a read asked after a write sees it');
    await written;
    await own.close();
  });

  it('sends reads to the thread while those on the main thread are slow, and takes them back once they are quick', async () => {
    // Each read timed on the main thread asks the clock twice: the second answer is `readMs` later.
    let readMs = 0.2;
    let now = 0;
    let calls = 0;
    const own = new DiskWorker({ clock: () => (calls++ % 2 === 0 ? now : (now += readMs)) });
    const file = path.join(dir, 'slow.json');
    await writeFile(file, 'on disk');
    const nextPass = () => new Promise((resolve) => setImmediate(() => resolve('not yet')));
    for (let i = 0; i < 20; i++) assert.equal(await own.read(file), 'on disk');
    assert.equal(own.readsOnThread, true);
    assert.equal(await Promise.race([own.read(file), nextPass()]), 'not yet', 'read by the thread');
    readMs = 0.005;
    for (let i = 0; i < 64 * 40; i++) assert.equal(await own.read(file), 'on disk');
    assert.equal(own.readsOnThread, false, 'the reads still timed on the main thread bring the average down');
    assert.equal(await Promise.race([own.read(file), nextPass()]), 'on disk');
    await own.close();
  });

  it('makes a missing folder, and writes many files at once', async () => {
    const files = Array.from({ length: 50 }, (_, i) => path.join(dir, `shard-${i % 7}`, `f${i}.json`));
    await Promise.all(files.map((file, i) => worker.write(file, `{"n":${i}}`)));
    for (const [i, file] of files.entries()) assert.equal(await readFile(file, 'utf8'), `{"n":${i}}`);
  });

  it('rejects with the file-system error, and leaves the file as it was', async () => {
    const file = path.join(dir, 'doc.json');
    await writeFile(file, '{"v":1}');
    await mkdir(path.join(dir, '.doc.json.tmp'));
    await assert.rejects(worker.write(file, '{"v":2}'), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
    assert.equal(await readFile(file, 'utf8'), '{"v":1}');
    await assert.rejects(worker.write(path.join(dir, 'doc.json', 'under-a-file.json'), '{}'), /ENOTDIR/);
  });

  it('lets a process end once its writes are done, and not before', async () => {
    const file = path.join(dir, 'cli.json');
    const module = path.join(PROJECT_ROOT, 'dist', 'src', 'store', 'file', 'disk-worker.js');
    const script = path.join(dir, 'cli.mjs');
    // The first write starts the worker; the second, large one is the last thing the process does.
    await writeFile(
      script,
      `import { DiskWorker } from ${JSON.stringify(module)};\nconst disk = new DiskWorker();\n` +
        `await disk.write(${JSON.stringify(file)}, 'first');\n` +
        `setTimeout(() => void disk.write(${JSON.stringify(file)}, 'x'.repeat(3e7)), 20);\n`,
    );
    await promisify(execFile)(process.execPath, [script], { timeout: 10_000 });
    assert.equal((await readFile(file, 'utf8')).length, 3e7);
  });
});
