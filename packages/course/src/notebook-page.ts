/**
 * `pnpm course notebook --html FILE`: the notebook as one self-contained web
 * page — the student's figures charted beside the authors' machine's (the
 * committed bench results), and every measurement in a table.
 *
 * The charts are drawn in the page by uPlot, inlined with its stylesheet:
 * small (about 50 kB), kept up to date, no other dependency, and interactive
 * (hover a point for its value, drag to zoom, click a legend entry to hide a
 * series), which static SVG is not. The page loads nothing from anywhere, so
 * it opens from a file, offline, on any machine.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Course } from './course.ts';
import { describeMachine, type Notebook, type NotebookEntry } from './notebook.ts';

/** The parts of bench/results/latest.json the page charts. */
interface BenchResults {
  readonly machine?: { cores?: number; cpu?: string; node?: string };
  readonly io?: ReadonlyArray<{ way: string; messengers: number | null; ms: number }>;
  readonly primes?: ReadonlyArray<{ limit: number; way: string; copies: number | null; speedup: number }>;
  readonly errands?: { cost?: { startupMs?: number; heapMiB?: number } };
}

/** One chart, as the page's script draws it: x values and aligned series (null where a series has no point). */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Bars at categories 1, 2, 3… (labelled by `categories`) instead of lines over numbers. */
  readonly bars?: boolean;
  readonly categories?: readonly string[];
  readonly x: readonly number[];
  readonly series: ReadonlyArray<{
    readonly label: string;
    readonly values: ReadonlyArray<number | null>;
    readonly dashed?: boolean;
  }>;
  /** What the chart shows, for a reader (and a screen reader). */
  readonly caption: string;
}

function readBench(courseRoot: string): BenchResults {
  try {
    return JSON.parse(
      readFileSync(path.join(courseRoot, 'bench', 'results', 'latest.json'), 'utf8'),
    ) as BenchResults;
  } catch {
    return {};
  }
}

/** The figures named `name` of a notebook page, as [x, value] pairs (those without an x are left out). */
function points(entry: NotebookEntry | undefined, name: string): Array<[number, number]> {
  if (!entry) return [];
  return entry.tests.flatMap((test) =>
    test.measurements.flatMap((measurement) =>
      measurement.figures.flatMap((figure): Array<[number, number]> =>
        figure.name === name && figure.x !== undefined ? [[figure.x, figure.value]] : [],
      ),
    ),
  );
}

/** The first figure named `name` of a notebook page. */
function first(
  entry: NotebookEntry | undefined,
  name: string,
): { value: number; reference?: number } | undefined {
  for (const test of entry?.tests ?? []) {
    for (const measurement of test.measurements) {
      const figure = measurement.figures.find((candidate) => candidate.name === name);
      if (figure) return figure;
    }
  }
  return undefined;
}

/** Series of [x, y] pairs on one shared, sorted x axis. */
function align(
  series: ReadonlyArray<{ label: string; points: ReadonlyArray<[number, number]>; dashed?: boolean }>,
): Pick<ChartSpec, 'x' | 'series'> {
  const x = [...new Set(series.flatMap((one) => one.points.map(([at]) => at)))].sort((a, b) => a - b);
  return {
    x,
    series: series
      .filter((one) => one.points.length > 0)
      .map((one) => ({
        label: one.label,
        values: x.map((at) => one.points.find(([px]) => px === at)?.[1] ?? null),
        ...(one.dashed ? { dashed: true } : {}),
      })),
  };
}

/** The charts for a notebook: only those with at least one of the student's figures. */
export function notebookCharts(course: Course, notebook: Notebook): ChartSpec[] {
  const bench = readBench(course.root);
  const page = (prefix: string): NotebookEntry | undefined =>
    Object.entries(notebook.lessons).find(([id]) => id.startsWith(prefix))?.[1];
  const authors = `the authors' machine (${bench.machine?.cores ?? '?'} logical CPUs)`;
  const charts: ChartSpec[] = [];

  const curve = points(page('06'), 'speedup');
  if (curve.length > 0) {
    const usable = page('06')?.machine.usableCores ?? 1;
    const largest = Math.max(0, ...(bench.primes ?? []).map((row) => row.limit));
    const benchCurve = (way: string): Array<[number, number]> =>
      (bench.primes ?? [])
        .filter((row) => row.limit === largest && row.way === way && row.copies !== null)
        .map((row) => [row.copies ?? 0, row.speedup]);
    const xs = [...new Set([...curve.map(([x]) => x), ...benchCurve('copies, cold pool').map(([x]) => x)])];
    charts.push({
      id: 'speedup',
      title: 'Speed-up against one thread, by copies',
      xLabel: 'copies (worker threads)',
      yLabel: 'speed-up (×)',
      ...align([
        { label: 'yours (lesson 06: a new pool per count)', points: curve },
        { label: `${authors}, a new pool per count`, points: benchCurve('copies, cold pool'), dashed: true },
        { label: `${authors}, a warm pool`, points: benchCurve('copies, warm pool'), dashed: true },
        { label: `ideal here: min(copies, ${usable})`, points: xs.map((x) => [x, Math.min(x, usable)]) },
      ]),
      caption: `The speed-up rises until the copies reach the cores the process can use (${usable} on your machine), then stays flat or falls. Your curve is at your lesson 06 limit; the authors' at ${largest.toLocaleString('en')}.`,
    });
  }

  const share = [
    ...points(page('01'), 'share'),
    ...points(page('02'), 'share'),
    ...points(page('03'), 'share'),
  ];
  if (share.length > 0) {
    const band = (bench.io ?? []).filter((row) => row.way === 'band' && row.messengers !== null);
    const alone = (bench.io ?? []).find((row) => row.way === 'one at a time')?.ms;
    charts.push({
      id: 'messengers',
      title: 'Time against requests in flight, as a share of one at a time',
      xLabel: 'requests in flight at once',
      yLabel: 'time ÷ time one at a time',
      ...align([
        { label: 'yours (lessons 01–03)', points: share },
        {
          label: `${authors}, 50 pages of 50 ms`,
          points: alone ? band.map((row) => [row.messengers ?? 0, row.ms / alone]) : [],
          dashed: true,
        },
      ]),
      caption:
        'Waiting does not need a thread: n requests in flight take about 1/n of the time, on any machine, until the slowest single trip is all that is left.',
    });
  }

  const cost = first(page('07'), 'startupMs');
  if (cost) {
    const theirs = bench.errands?.cost?.startupMs;
    const values = [cost.value, cost.reference ?? null, theirs ?? null];
    charts.push({
      id: 'copy-cost',
      title: 'What starting one copy costs',
      xLabel: '',
      yLabel: 'start-up (ms)',
      bars: true,
      categories: ['your costOfACopy()', 'the test kit, same run', authors],
      x: [1, 2, 3],
      series: [{ label: 'start-up (ms)', values }],
      caption:
        'A worker thread starts its own V8 isolate and loads its own modules: tens of milliseconds, paid again by every new pool.',
    });
  }
  return charts;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

/** The page's own script: draws each chart spec with uPlot and keeps the instances on `window.notebookCharts`. */
const DRAW = `
const specs = JSON.parse(document.getElementById('chart-data').textContent);
const colours = ['#2f6db5', '#d9822b', '#3a9a5b', '#7a52a8', '#b5452f'];
window.notebookCharts = specs.map((spec) => {
  const target = document.getElementById('chart-' + spec.id);
  const bars = spec.bars ? uPlot.paths.bars({ size: [0.5, 120] }) : null;
  const options = {
    title: spec.title,
    width: Math.min(720, target.clientWidth || 720),
    height: 320,
    scales: {
      x: { time: false, ...(spec.bars ? { range: [0.5, spec.x.length + 0.5] } : {}) },
      // From zero, so that a bar's or a point's height is its value.
      y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      spec.bars
        ? { label: spec.xLabel, values: (u, ticks) => ticks.map((t) => spec.categories[t - 1] ?? ''), splits: () => spec.x }
        : { label: spec.xLabel },
      { label: spec.yLabel },
    ],
    series: [
      { label: spec.xLabel || 'measured by' },
      ...spec.series.map((series, index) => ({
        label: series.label,
        stroke: colours[index % colours.length],
        width: 2,
        dash: series.dashed ? [6, 4] : undefined,
        spanGaps: true,
        points: { show: true, size: 7 },
        ...(bars ? { paths: bars, fill: colours[index % colours.length] + 'cc', points: { show: false } } : {}),
      })),
    ],
  };
  return new uPlot(options, [spec.x, ...spec.series.map((series) => series.values)], target);
});
`;

function entryRows(course: Course, notebook: Notebook): string {
  return course.lessons
    .flatMap((lesson) => {
      const entry = notebook.lessons[lesson.id];
      if (!entry) return [];
      const lines = entry.tests.flatMap((test) => test.measurements.map((measurement) => measurement.text));
      return [
        `<section class="lesson"><h3>${escapeHtml(`${lesson.code} ${lesson.meta.title}`)}</h3>`,
        `<p class="when">${escapeHtml(`${new Date(entry.at).toLocaleString('en-GB')} · ${describeMachine(entry.machine)}`)}</p>`,
        `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`,
      ];
    })
    .join('\n');
}

/** The whole page, as HTML text. */
export function notebookHtml(course: Course, notebook: Notebook): string {
  const require = createRequire(import.meta.url);
  const uplotDir = path.dirname(require.resolve('uplot/package.json'));
  const script = readFileSync(path.join(uplotDir, 'dist', 'uPlot.iife.min.js'), 'utf8');
  const style = readFileSync(path.join(uplotDir, 'dist', 'uPlot.min.css'), 'utf8');
  const charts = notebookCharts(course, notebook);
  const bench = readBench(course.root);
  const empty = Object.keys(notebook.lessons).length === 0;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your lab notebook – The Concurrency Spellbook</title>
<style>${style}</style>
<style>
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.5; }
h1 { margin-bottom: 0.2rem; }
.lead, .when, figcaption { color: #4a5468; }
figure { margin: 2rem 0; }
.lesson ul { padding-left: 1.2rem; }
</style>
</head>
<body>
<h1>Your lab notebook</h1>
<p class="lead">What the timing tests measured on your machine, lesson by lesson, the last time each passed. Dashed lines are the authors' machine${bench.machine ? ` (${escapeHtml(`${bench.machine.cores ?? '?'} logical CPUs, ${bench.machine.cpu ?? 'unknown CPU'}, Node ${bench.machine.node ?? '?'}`)})` : ''}, from the course's committed benchmark.</p>
${empty ? '<p id="empty">Nothing measured yet: pass a lesson with <code>pnpm course watch</code> or run <code>pnpm course verify</code>, then write this page again.</p>' : ''}
${charts.map((chart) => `<figure><div id="chart-${chart.id}" class="chart"></div><figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`).join('\n')}
<h2>Every measurement</h2>
${entryRows(course, notebook) || '<p>None yet.</p>'}
<script type="application/json" id="chart-data">${scriptJson(charts)}</script>
<script>${script}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
