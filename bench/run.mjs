#!/usr/bin/env node
// Runs the TypeScript benchmarks named on the command line, in order.
//
// Why not `tsx src/cpu.ts`: the tsx command puts its loader in Node's
// execArgv, which every worker thread inherits, and each new worker then
// spends ~60 ms loading tsx before it can work. Registering tsx here, in this
// thread only, leaves execArgv empty, so workers start as they would in any
// plain Node program — which is what the benchmarks mean to measure.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
// The .ts files are what to run; every other argument (such as --quick) is
// left in process.argv for them to read.
const [node, self, ...rest] = process.argv;
const files = rest.filter((arg) => arg.endsWith('.ts'));
process.argv = [node, self, ...rest.filter((arg) => !arg.endsWith('.ts'))];
for (const file of files) {
  await import(pathToFileURL(file).href);
}
