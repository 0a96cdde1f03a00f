// Run by memory.ts in a fresh Node process: imports one exported function,
// calls it once small (so that loading and compiling are not counted), then
// once for real, and reports how far the process's peak resident memory rose
// during the real call. A fresh process is needed because the peak only ever
// goes up: in a test process it is already set by everything that ran before.
import { pathToFileURL } from 'node:url';

const [file, name, warmUpArgument, argument] = process.argv.slice(2);
try {
  const exercise = await import(pathToFileURL(file).href);
  const fn = exercise[name];
  if (typeof fn !== 'function') throw new Error(`${file} does not export a function named ${name}`);
  await fn(Number(warmUpArgument));
  const peakBefore = process.resourceUsage().maxRSS;
  const value = await fn(Number(argument));
  const peakAfter = process.resourceUsage().maxRSS;
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ value, growthBytes: (peakAfter - peakBefore) * 1024 }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error?.stack ?? error) }));
}
