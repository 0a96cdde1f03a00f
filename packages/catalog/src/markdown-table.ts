/**
 * Markdown tables the course generates (the root README's chapter table, the
 * chapters' benchmark tables), padded the way Prettier pads them so that
 * formatting a README never fights the generator.
 *
 * @module
 */

/** A Markdown table; `right` marks the right-aligned columns. */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  right: readonly boolean[] = [],
): string {
  const width = (text: string): number => [...text].length;
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const pad = (cell: string, column: number): string => {
    const gap = ' '.repeat((widths[column] ?? 0) - width(cell));
    return right[column] ? gap + cell : cell + gap;
  };
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => pad(cell, column)).join(' | ')} |`;
  const rule = widths.map((size, column) => (right[column] ? `${'-'.repeat(size - 1)}:` : '-'.repeat(size)));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
