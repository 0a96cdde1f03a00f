/**
 * The three charts the docs site shows, drawn from a benchmark's results
 * (bench/results/latest.json). Used by `pnpm bench` and by the site build.
 *
 * @module
 */
import { barChart, lineChart } from './charts.ts';

interface Results {
  machine: { cores: number };
  io: Array<{ way: string; messengers: number | null; ms: number }>;
  primes: Array<{ limit: number; way: string; copies: number | null; ms: number; speedup: number }>;
  python: { rows: Array<{ limit: number; mode: string; processes: number; ms: number }> };
}

/** SVG text by file name. */
export function chartsFromResults(results: Results): Record<string, string> {
  const { machine, io, primes } = results;
  const largest = Math.max(...primes.map((row) => row.limit));
  const copiesSeries = (way: 'copies, cold pool' | 'copies, warm pool') =>
    primes
      .filter((row) => row.limit === largest && row.way === way && row.copies !== null)
      .map((row): [number, number] => [row.copies ?? 0, +row.speedup.toFixed(3)]);
  return {
    'speedup-vs-copies.svg': lineChart({
      title: `Speed-up against one thread, primes below ${largest.toLocaleString('en-GB')}`,
      xLabel: `copies (worker threads) on ${machine.cores} cores`,
      yLabel: 'speed-up (×)',
      series: [
        { name: 'warm pool', points: copiesSeries('copies, warm pool') },
        { name: 'cold pool (start-up included)', points: copiesSeries('copies, cold pool'), dashed: true },
        {
          name: `ideal: min(copies, ${machine.cores})`,
          points: copiesSeries('copies, warm pool').map(([x]) => [x, Math.min(x, machine.cores)]),
        },
      ],
      legend: 'bottom-right',
      description: `How much faster the sum gets with more worker threads on a ${machine.cores}-core machine; it stops rising at the number of cores.`,
    }),
    'time-vs-messengers.svg': lineChart({
      title: '50 pages of 50 ms: time against messengers',
      xLabel: 'requests in flight at once',
      yLabel: 'time (ms)',
      series: [
        {
          name: 'readScrollWithBand',
          points: io
            .filter((row) => row.way === 'band')
            .map((row): [number, number] => [row.messengers ?? 0, Math.round(row.ms)]),
        },
        {
          name: 'ideal: ceil(50 / messengers) × 50 ms',
          points: io
            .filter((row) => row.way === 'band')
            .map((row): [number, number] => [
              row.messengers ?? 0,
              Math.ceil(50 / (row.messengers ?? 1)) * 50,
            ]),
          dashed: true,
        },
      ],
      legend: 'top-right',
      description:
        'Reading 50 mocked pages with bands of different sizes: the time falls in whole rounds of one latency.',
    }),
    'node-vs-python.svg': barChart({
      title: 'The same prime sum in Node and in Python',
      unit: 'ms',
      bars: [
        ...results.python.rows.map((row) => ({
          label: `Python ${row.mode === 'pool' ? `Pool(${row.processes})` : 'sequential'}, ${row.limit.toExponential().replace('e+', 'e')}`,
          value: row.ms,
          group: 1,
        })),
        ...primes
          .filter((row) => row.way === 'one thread' || (row.way === 'copies, cold pool' && row.copies === 2))
          .map((row) => ({
            label: `Node ${row.way === 'one thread' ? 'one thread' : '2 copies'}, ${row.limit.toExponential().replace('e+', 'e')}`,
            value: row.ms,
            group: 0,
          })),
      ],
      description:
        'Trial division in Python (sequential and multiprocessing) and in Node (one thread and a tinypool of 2), same machine, same run.',
    }),
  };
}
