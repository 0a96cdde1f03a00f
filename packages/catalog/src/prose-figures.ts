/**
 * Figures typed by hand into a chapter's prose. A chapter quotes what the
 * course measured only through the generated markers of bench-figures.ts, so
 * `pnpm bench:chapters` rewrites it and the structure check sees it drift. A
 * number typed by hand with a unit of time, size, speed or share ("about 40
 * times as long", "54 ms", "1.23×") cannot be rewritten, and goes stale the
 * next time the benchmark runs on another machine or another Node.
 *
 * Not every such number is a measurement, so a chapter says which ones are
 * not, by wrapping them in a `given` marker that names why:
 *
 * - `<!-- given:demand -->80 %<!-- /given -->`: what the tests demand or set
 *   up (a bar, a latency the mocked pages answer after, a limit);
 * - `<!-- given:node -->2 147 483 647 ms<!-- /given -->`: a fact of Node or of
 *   the platform, true on every machine;
 * - `<!-- given:arithmetic -->95 MiB<!-- /given -->`: worked out from other
 *   numbers, not timed or counted.
 *
 * Everything else that looks measured is a finding. Code (fenced or inline),
 * the generated tables and figures, and the README's own generated blocks
 * are not prose, and are skipped. So is a number written as a power of ten
 * (`9.0 × 10¹⁵`), which is a size, not a ratio.
 *
 * @module
 */
import { FIGURE, TABLE } from './bench-figures.ts';

/** Why a marked number is not a measurement. */
export const GIVEN_REASONS = ['demand', 'node', 'arithmetic'] as const;

/** A number that looks measured, outside every marker. */
export interface HandTypedFigure {
  /** 1-based line in the README. */
  readonly line: number;
  /** The number and its unit, as written. */
  readonly figure: string;
}

/** A number with the unit of a time, a size, a speed-up, a share, or a "N times as …". */
const MEASURED_LOOKING =
  /(?<![\w.,])\d(?:[\d\u00a0\u202f ,.]*\d)?\s?(?:×(?!\s?10(?:\^|[⁰¹²³⁴⁵⁶⁷⁸⁹]))|%|(?:ms|µs|ns|s|seconds?|milliseconds?|MiB|KiB|GiB|MB|KB|kB|GB)\b|times (?:as|faster|slower|longer|more))/gu;

/** The marked and generated spans, replaced by blanks of the same line count. */
const NOT_PROSE: readonly RegExp[] = [
  /```[\s\S]*?```/g,
  TABLE,
  /<!-- course:([a-z0-9-]+):start -->[\s\S]*?<!-- course:\1:end -->/g,
  FIGURE,
  new RegExp(`<!-- given:(?:${GIVEN_REASONS.join('|')}) -->.*?<!-- /given -->`, 'g'),
  /`[^`\n]*`/g,
  /<!--[\s\S]*?-->/g,
];

const blankedKeepingLines = (span: string): string => span.replace(/[^\n]/g, ' ');

/** The measured-looking numbers of a chapter that no marker accounts for. */
export function handTypedFigures(text: string): HandTypedFigure[] {
  let prose = text;
  for (const span of NOT_PROSE) prose = prose.replace(span, blankedKeepingLines);
  const found: HandTypedFigure[] = [];
  prose.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(MEASURED_LOOKING)) found.push({ line: index + 1, figure: match[0] });
  });
  return found;
}

/** The `given` markers whose reason is not one of {@link GIVEN_REASONS}, as written. */
export function unknownGivenReasons(text: string): string[] {
  const reasons = [...text.matchAll(/<!-- given:([^ ]*) -->/g)].map((match) => match[1]!);
  return reasons.filter((reason) => !(GIVEN_REASONS as readonly string[]).includes(reason));
}

/** What the structure check says about hand-typed figures; empty when there are none. */
export function handTypedFigureProblems(text: string): string[] {
  const problems: string[] = [];
  // Markdown reads a line that begins with `<!--` as raw HTML, which would cut the sentence in two.
  if (/^[ \t]*<!-- given:/m.test(text)) {
    problems.push(
      'README.md has a line that begins with a <!-- given: --> marker: start the line with a word instead',
    );
  }
  for (const reason of unknownGivenReasons(text)) {
    problems.push(
      `README.md has a <!-- given:${reason} --> marker: the reasons are ${GIVEN_REASONS.join(', ')}`,
    );
  }
  for (const { line, figure } of handTypedFigures(text)) {
    problems.push(
      `README.md:${line} types "${figure}" by hand: quote a measurement with a <!-- figure: --> marker ` +
        `(\`pnpm bench:chapters\` writes it), or wrap the number in <!-- given:REASON -->…<!-- /given --> ` +
        `when it is not measured (${GIVEN_REASONS.join(', ')})`,
    );
  }
  return problems;
}
