import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Tinypool } from 'tinypool';
import { describe, expect, test } from 'vitest';
import { nodeStripsTypes, tsWorker } from '../src/index.mjs';

const fixture = new URL('./fixtures/doubler.ts', import.meta.url);

describe('tsWorker', () => {
  test('a TypeScript worker that imports another TypeScript file runs in a Tinypool thread', async () => {
    const pool = new Tinypool({ filename: tsWorker(fixture), maxThreads: 1, minThreads: 1 });
    try {
      const result = (await pool.run({ value: 21 })) as { value: number; threadId: number };
      expect(result.value).toBe(42);
      expect(result.threadId).toBeGreaterThan(0);
      expect(await pool.run(5, { name: 'triple' })).toBe(15);
    } finally {
      await pool.destroy();
    }
  });

  test('works with a plain worker_threads Worker too', async () => {
    const source = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(tsWorker(fixture))}).then((mod) => parentPort.postMessage(mod.default({ value: 4 }).value));
    `;
    const worker = new Worker(source, { eval: true });
    const value = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(value).toBe(8);
  });

  test('uses the file itself where Node strips types, and a compiled copy elsewhere', () => {
    const filename = tsWorker(fixture);
    if (nodeStripsTypes()) expect(filename.endsWith('doubler.ts')).toBe(true);
    else expect(filename).toMatch(/node_modules\/\.cache\/spellbook-ts-workers\/doubler-[0-9a-f]{16}\.mjs$/);
  });

  test('a module loaded this way still finds the files beside it through import.meta', async () => {
    const launcher = new URL('./fixtures/launcher.ts', import.meta.url);
    const source = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(pathToFileURL(tsWorker(launcher)).href)}).then(async (mod) =>
        parentPort.postMessage({ here: mod.here, doubled: await mod.default(10) }),
      );
    `;
    const worker = new Worker(source, { eval: true });
    const seen = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const file = fileURLToPath(launcher);
    expect(seen).toEqual({
      here: { url: launcher.href, filename: file, dirname: path.dirname(file) },
      doubled: 20,
    });
  });

  test('leaves JavaScript files alone', () => {
    expect(tsWorker('/somewhere/worker.mjs')).toBe('/somewhere/worker.mjs');
  });
});
