// The worker side of memory.ts: imports one exported function (from a file
// tsWorker made loadable), calls it once small (so that loading and
// compiling are not counted), collects its garbage where `gc` is exposed,
// says it is ready, and on "go" calls it once for real and sends back what it
// returned.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { moduleFile, exportName, warmUpArgument, argument, more } = workerData;
const exercise = await import(pathToFileURL(moduleFile).href);
const fn = exercise[exportName];
if (typeof fn !== 'function') throw new Error(`${moduleFile} does not export a function named ${exportName}`);
await fn(warmUpArgument, ...more);
globalThis.gc?.();
parentPort.once('message', async () => {
  parentPort.postMessage({ value: await fn(argument, ...more) });
});
parentPort.postMessage('ready');
