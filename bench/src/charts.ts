/**
 * Small SVG charts for the docs site, drawn from the benchmark's JSON. A
 * compact renderer of our own rather than a charting library: three chart
 * shapes, no browser or canvas needed to draw them, and the site build stays
 * a plain file copy.
 *
 * @module
 */

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 48, right: 24, bottom: 56, left: 72 };
const COLOURS = ['#2f6db5', '#d9822b', '#3a9a5b', '#b5452f', '#7a52a8'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

/** Escapes text for SVG. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round, readable tick values from 0 (or `min`) to just past `max`. */
function ticks(max: number, count = 5): number[] {
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough || 1));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough) || 1;
  const values: number[] = [];
  for (let value = 0; value <= max + step / 2; value += step) values.push(+value.toFixed(10));
  return values;
}

function frame(title: string, body: string[], description: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="t d">`,
    `<title id="t">${esc(title)}</title><desc id="d">${esc(description)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="17" font-weight="600" ${FONT}>${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** One line of a line chart. */
export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [x: number, y: number]>;
  readonly dashed?: boolean;
}

/** A line chart with numeric axes starting at 0. */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  description: string;
  /** Where the legend goes, out of the data's way (default top left). */
  legend?: 'top-left' | 'top-right' | 'bottom-right';
}): string {
  const { series } = options;
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const xTicks = ticks(Math.max(...xs, 1));
  const yTicks = ticks(Math.max(...ys, 1));
  const xMax = xTicks.at(-1) ?? 1;
  const yMax = yTicks.at(-1) ?? 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => MARGIN.left + (x / xMax) * plotW;
  const py = (y: number): number => MARGIN.top + plotH - (y / yMax) * plotH;
  const body: string[] = [];
  const legend: string[] = [];
  for (const y of yTicks) {
    body.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${py(y)}" y2="${py(y)}" stroke="#e3e3e3"/>`,
    );
    body.push(
      `<text x="${MARGIN.left - 8}" y="${py(y) + 4}" text-anchor="end" font-size="12" ${FONT}>${y}</text>`,
    );
  }
  for (const x of xTicks) {
    body.push(
      `<text x="${px(x)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle" font-size="12" ${FONT}>${x}</text>`,
    );
  }
  body.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${py(0)}" y2="${py(0)}" stroke="#555"/>`,
  );
  body.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle" font-size="13" ${FONT}>${esc(options.xLabel)}</text>`,
  );
  body.push(
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${esc(options.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const path = s.points
      .map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join(' ');
    body.push(
      `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    for (const [x, y] of s.points) {
      body.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${colour}"/>`);
    }
    // A white backing keeps the legend readable where a line passes under it.
    const place = options.legend ?? 'top-left';
    const lx = place === 'top-left' ? MARGIN.left + 12 : WIDTH - MARGIN.right - 250;
    const ly =
      place === 'bottom-right'
        ? HEIGHT - MARGIN.bottom - 14 - (series.length - 1 - i) * 18
        : MARGIN.top + 8 + i * 18;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    legend.push(
      `<rect x="${lx - 4}" y="${ly - 9}" width="246" height="18" fill="#fff" fill-opacity="0.85"/>`,
    );
    legend.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2.5"${dash}/>`,
    );
    legend.push(`<text x="${lx + 30}" y="${ly + 4}" font-size="12" ${FONT}>${esc(s.name)}</text>`);
  });
  return frame(options.title, [...body, ...legend], options.description);
}

/** One bar of a bar chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Which group (colour) the bar belongs to. */
  readonly group: number;
}

/**
 * Horizontal bars with their values written beside them. When the largest
 * bar is more than 20 times the smallest, the scale is logarithmic (and says
 * so), or the small bars would vanish.
 */
export function barChart(options: {
  title: string;
  unit: string;
  bars: readonly Bar[];
  description: string;
}): string {
  const { bars } = options;
  const values = bars.map((bar) => bar.value).filter((value) => value > 0);
  const max = Math.max(...values, 1);
  const min = Math.min(...values, max);
  const logarithmic = max / min > 20;
  const labelW = 210;
  const plotW = WIDTH - MARGIN.left - labelW + 40 - MARGIN.right - 70;
  const rowH = Math.min(34, (HEIGHT - MARGIN.top - 40) / Math.max(bars.length, 1));
  const floor = logarithmic ? Math.log10(min) - 0.3 : 0;
  const scale = (value: number): number =>
    logarithmic ? ((Math.log10(value) - floor) / (Math.log10(max) - floor)) * plotW : (value / max) * plotW;
  const body: string[] = [];
  const x0 = labelW + 20;
  bars.forEach((bar, i) => {
    const y = MARGIN.top + i * rowH;
    const w = Math.max(1, scale(bar.value));
    body.push(
      `<text x="${x0 - 8}" y="${y + rowH * 0.62}" text-anchor="end" font-size="12" ${FONT}>${esc(bar.label)}</text>`,
    );
    body.push(
      `<rect x="${x0}" y="${y + 4}" width="${w.toFixed(1)}" height="${(rowH - 8).toFixed(1)}" fill="${COLOURS[bar.group % COLOURS.length]}"/>`,
    );
    body.push(
      `<text x="${(x0 + w + 6).toFixed(1)}" y="${y + rowH * 0.62}" font-size="12" ${FONT}>${esc(`${formatValue(bar.value)} ${options.unit}`)}</text>`,
    );
  });
  body.push(
    `<text x="${WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle" font-size="12" fill="#666" ${FONT}>${logarithmic ? 'logarithmic scale: each step is ten times the last' : 'linear scale'}</text>`,
  );
  return frame(options.title, body, options.description);
}

function formatValue(value: number): string {
  return value >= 100
    ? Math.round(value).toLocaleString('en-GB').replaceAll(',', ' ')
    : value.toFixed(value >= 10 ? 1 : 2);
}
