/**
 * `pnpm readmes` — rewrites the generated blocks (header, hints) of every
 * chapter README from the lesson's metadata, the figures the chapters quote
 * from bench/results/latest.json and chapters.json, and the root README's
 * chapter table and parts from every lesson's. `pnpm bench` and
 * `pnpm bench:chapters` do the same when they have written new results.
 */
import path from 'node:path';
import { findCourseRoot } from '../discover.ts';
import { syncReadmes } from '../readme.ts';

try {
  for (const file of syncReadmes(findCourseRoot())) {
    console.log(`updated ${path.relative(process.cwd(), file)}`);
  }
} catch (error) {
  console.error(`readmes: ${(error as Error).message}`);
  process.exitCode = 2;
}
