/**
 * What differs between the Node lines the course supports, where a learner
 * would notice: how long a worker thread takes to start when its file is
 * TypeScript (through `tsWorker`), beside a bare JavaScript worker, and what
 * `os.availableParallelism()` says under a CPU quota. Node 20 starts a
 * compiled `.mjs` copy of a `.ts` worker and ignores a quota; Node 22.18 and
 * later load their type stripper in every new thread, and from 22.12 on
 * libuv caps the answer at a quota it finds (in a cgroup v2 hierarchy; the
 * figure `cgroup` says which layout the quota was set in).
 *
 * Each run keeps the figures of the Node it runs on in
 * bench/results/node-lines.json, beside the other lines' (one entry per
 * major version), and the chapters quote them as
 * `<!-- figure:node20-ts-worker-start-up -->`,
 * `<!-- figure:node24-parallelism-under-quota -->` and so on.
 *
 * Run: `pnpm bench:node-lines` once on each line the chapters quote (the
 * recommended Node, and Node 20 with its binary first on the PATH), as root
 * on Linux for the quota. A machine where no quota can be set is an error,
 * with the reason: the figure would otherwise be missing from the chapters.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  NODE_LINE_RESULTS,
  applyConstraint,
  findCourseRoot,
  syncReadmes,
  whyNotAvailable,
  type MachineConstraint,
  type NodeLineResults,
} from '@spellbook/catalog';
import { median } from '@spellbook/test-kit';
import { tsWorker } from '@spellbook/ts-worker';
import { progress, thisMachine } from './measure.ts';

const formatMs = (ms: number): string => `${ms.toFixed(1)} ms`;

const SAMPLES = 15;
const QUOTA: MachineConstraint = { kind: 'quota', cpus: 1.5 };

/** Milliseconds from `new Worker(...)` to the worker's first message; the first start is not counted. */
async function startUp(start: () => Worker): Promise<number> {
  const one = async () => {
    const began = performance.now();
    const worker = start();
    await once(worker, 'message');
    const ms = performance.now() - began;
    await worker.terminate();
    return ms;
  };
  await one(); // the first thread of a process also loads the worker machinery (and, on Node 20, compiles the copy)
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) samples.push(await one());
  return median(samples);
}

const why = whyNotAvailable(QUOTA);
if (why !== undefined) {
  console.error(`bench:node-lines: cannot measure availableParallelism() under a CPU quota here: ${why}`);
  process.exit(1);
}

const jsMs = await startUp(
  () => new Worker("require('node:worker_threads').parentPort.postMessage('ready')", { eval: true }),
);
progress(`a JavaScript worker (eval): ${formatMs(jsMs)} to start (median of ${SAMPLES})`);
const tsMs = await startUp(
  () => new Worker(tsWorker(new URL('./fixtures/ready-worker.ts', import.meta.url))),
);
progress(`a TypeScript worker (tsWorker): ${formatMs(tsMs)} to start (median of ${SAMPLES})`);

const applied = applyConstraint(QUOTA);
let underQuota: number;
let cgroup: string;
try {
  const [command, ...args] = applied.prefix;
  // What the process answers inside the quota, and which cgroup layout holds it there
  // (a v2 hierarchy is one line "0::/path" in /proc/self/cgroup).
  const answer = execFileSync(
    command!,
    [
      ...args,
      process.execPath,
      '-p',
      "require('node:os').availableParallelism() + ' ' + (require('node:fs').readFileSync('/proc/self/cgroup', 'utf8').startsWith('0::/') ? 'v2' : 'v1')",
    ],
    { encoding: 'utf8' },
  ).trim();
  const [count, version] = answer.split(' ');
  underQuota = Number(count);
  cgroup = `cgroup ${version}`;
} finally {
  applied.release();
}
progress(`os.availableParallelism() under a quota of ${QUOTA.cpus} CPUs (${cgroup}): ${underQuota}`);

const courseRoot = findCourseRoot(import.meta.dirname);
const file = path.join(courseRoot, NODE_LINE_RESULTS);
const before: NodeLineResults = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as NodeLineResults)
  : { lines: {} };
const line = process.versions.node.split('.')[0]!;
const results: NodeLineResults = {
  lines: {
    ...before.lines,
    [line]: {
      machine: thisMachine(),
      figures: {
        samples: String(SAMPLES),
        'js-worker-start-up': formatMs(jsMs),
        'ts-worker-start-up': formatMs(tsMs),
        parallelism: String(os.availableParallelism()),
        'parallelism-under-quota': String(underQuota),
        quota: `${QUOTA.cpus} CPUs`,
        cgroup,
      },
    },
  },
};
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
const wrote = `wrote ${path.relative(process.cwd(), file)} (Node ${process.version})`;
try {
  const chapters = syncReadmes(courseRoot).map((chapter) => path.relative(process.cwd(), chapter));
  console.error(wrote + (chapters.length > 0 ? `; updated the figures in ${chapters.join(', ')}` : ''));
} catch (error) {
  // The chapters quote a line not measured yet: its run rewrites them.
  console.error(
    `${wrote}; the chapters are rewritten once every line they quote is measured (${(error as Error).message})`,
  );
}
