#!/usr/bin/env node
// Runs the TypeScript benchmarks named on the command line, in order.
//
// Why not `tsx src/cpu.ts`: the tsx command puts its loader in Node's
// execArgv, which every worker thread inherits, and each new worker then
// spends ~60 ms loading tsx before it can work. Registering tsx here, in this
// thread only, leaves execArgv empty, so workers start as they would in any
// plain Node program — which is what the benchmarks mean to measure.
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
// The solutions name the files their lessons provide finished as if they sat
// beside them; provided-hooks.mjs sends those names to the lessons' copies, as
// the lesson preset does for the tests. The catalog is TypeScript, so it is
// imported once tsx is registered.
const { findCourseRoot, listLessons, providedRedirects } = await import('@spellbook/catalog');
const courseRoot = findCourseRoot(import.meta.dirname);
const redirects = listLessons(courseRoot).flatMap((lesson) => [
  ...providedRedirects(lesson.dir, lesson.meta.provided, [lesson.solutionDir]),
]);
module.register('./provided-hooks.mjs', import.meta.url, {
  data: { redirects, solutionsDir: path.join(courseRoot, 'solutions') },
});
// The .ts files are what to run; every other argument (such as --quick) is
// left in process.argv for them to read.
const [node, self, ...rest] = process.argv;
const files = rest.filter((arg) => arg.endsWith('.ts'));
process.argv = [node, self, ...rest.filter((arg) => !arg.endsWith('.ts'))];
for (const file of files) {
  await import(pathToFileURL(file).href);
}
