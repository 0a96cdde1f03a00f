/**
 * What `pnpm bench:chapters` keeps: each chapter's "What we measured" table
 * and the figures its prose quotes, written to bench/results/chapters.json
 * with the machine they were measured on. The chapters quote them between
 * generated markers (see packages/catalog/src/bench-figures.ts), and
 * {@link saveChapterResults} rewrites those chapters, so a chapter never
 * quotes a figure this benchmark did not measure.
 *
 * Each script of `pnpm bench:chapters` saves its own tables into the file,
 * keeping the others', so one script can be run again on its own
 * (`node run.mjs src/chapters-io.ts` in bench/) — on the same machine as
 * the rest, since the file names one machine for all of them.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CHAPTER_RESULTS,
  findCourseRoot,
  markdownTable,
  syncReadmes,
  type ChapterResults,
  type ChapterTable,
} from '@spellbook/catalog';
import { thisMachine } from './measure.ts';

const courseRoot = findCourseRoot(import.meta.dirname);
const tables: Record<string, ChapterTable> = {};
const figures: Record<string, string> = {};

/** Prints a chapter's table and keeps it, under `name`, for the chapter's `<!-- bench:NAME:start -->` marker. */
export function chapterTable(
  name: string,
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  right: readonly boolean[],
): void {
  tables[name] = { header, right, rows };
  console.log(`${markdownTable(header, rows, right)}\n`);
}

/** Keeps a figure a chapter quotes in a sentence (`<!-- figure:NAME -->`), already written as it reads. */
export function chapterFigure(name: string, text: string): void {
  figures[name] = text;
  console.log(`${name}: ${text}`);
}

/**
 * Adds this run's tables and figures to bench/results/chapters.json (the
 * ones it did not measure are kept), then rewrites the chapters that quote them.
 */
export function saveChapterResults(repeats: number): void {
  const file = path.join(courseRoot, CHAPTER_RESULTS);
  const before: Partial<ChapterResults> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<ChapterResults>)
    : {};
  const results: ChapterResults = {
    machine: thisMachine(),
    repeats,
    tables: { ...before.tables, ...tables },
    figures: { ...before.figures, ...figures },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const wrote = `wrote ${path.relative(process.cwd(), file)}`;
  try {
    const chapters = syncReadmes(courseRoot).map((chapter) => path.relative(process.cwd(), chapter));
    console.error(wrote + (chapters.length > 0 ? `; updated the figures in ${chapters.join(', ')}` : ''));
  } catch (error) {
    // A chapter quotes a table a later script of `pnpm bench:chapters` has not written yet
    // (only while chapters.json is first made): that script rewrites the chapters.
    console.error(
      `${wrote}; the chapters are rewritten once they are all measured (${(error as Error).message})`,
    );
  }
}
