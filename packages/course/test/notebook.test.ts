/**
 * The lab notebook: what a passing lesson's timing tests measured is kept in
 * `.course/notebook.json`, shown after the pass, and printed, exported and
 * charted by `pnpm course notebook`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumAvailable, launchChromium } from '@spellbook/test-kit/browser';
import { describe, expect, test } from 'vitest';
import { copyCourse, course, solve } from './helpers.ts';

const STEADY = '4 steps at a steady pace: 0.5 of the time one at a time';

/** A copy of the fixture course with every lesson solved and verified once. */
function verifiedCourse(): string {
  const root = copyCourse({ git: false });
  for (const lesson of ['01-counting-stars', '02-quick-sums', '03-steady-hands'] as const) {
    solve(root, lesson);
  }
  const { status, stdout } = course(root, ['verify']);
  expect(status, stdout).toBe(0);
  // The pass is followed by what its timing test measured.
  expect(stdout).toContain('What you measured, on this machine:');
  expect(stdout).toContain(STEADY);
  return root;
}

describe('pnpm course notebook', () => {
  test('an empty notebook says how to fill it', () => {
    const root = copyCourse({ git: false });
    const { status, stdout, stderr } = course(root, ['notebook']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toContain('Your notebook is empty');
    expect(stdout).toContain('pnpm course watch');
  });

  test('after verify: the measuring lesson, its machine and its figures, in text and as JSON', () => {
    const root = verifiedCourse();
    const text = course(root, ['notebook']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Your lab notebook (1 lesson measured)');
    expect(text.stdout).toContain('03 Steady Hands');
    expect(text.stdout).toContain(`• ${STEADY}`);
    expect(text.stdout).toMatch(/usable core/);
    expect(text.stdout).toContain(`Node ${process.version}`);
    // Lessons that measured nothing have no page.
    expect(text.stdout).not.toContain('Counting Stars');

    const json = course(root, ['notebook', '--json']);
    expect(json.status).toBe(0);
    const notebook = JSON.parse(json.stdout) as {
      lessons: Record<string, { machine: { node: string; usableCores: number }; tests: unknown[] }>;
    };
    expect(Object.keys(notebook.lessons)).toEqual(['03-steady-hands']);
    const page = notebook.lessons['03-steady-hands'];
    expect(page?.machine.node).toBe(process.version);
    expect(page?.machine.usableCores).toBeGreaterThanOrEqual(1);
    expect(page?.tests).toEqual([
      {
        name: 'keeps a steady pace',
        status: 'passed',
        measurements: [{ text: STEADY, figures: [{ name: 'share', value: 0.5, unit: 'share', x: 2 }] }],
      },
    ]);
  });

  test('a broken notebook file is a one-line error with exit 2', () => {
    const root = copyCourse({ git: false });
    mkdirSync(path.join(root, '.course'), { recursive: true });
    writeFileSync(path.join(root, '.course', 'notebook.json'), '{ not json');
    const { status, stdout, stderr } = course(root, ['notebook']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('notebook.json is not valid JSON');
  });

  test('--json and --html together, or --html without a file, are usage errors', () => {
    const root = copyCourse({ git: false });
    expect(course(root, ['notebook', '--json', '--html', 'x.html']).status).toBe(2);
    const missingDir = course(root, ['notebook', '--html', path.join(root, 'no', 'such', 'dir', 'x.html')]);
    expect(missingDir.status).toBe(2);
    expect(missingDir.stderr).toContain('cannot write');
  });

  describe.skipIf(!chromiumAvailable('the notebook page browser test'))('--html in Chromium', () => {
    test('one self-contained page: the chart has the student’s points, every measurement is listed', async () => {
      const root = verifiedCourse();
      const file = path.join(root, 'notebook.html');
      const { status, stdout } = course(root, ['notebook', '--html', 'notebook.html']);
      expect(status).toBe(0);
      expect(stdout).toContain('Wrote notebook.html');
      expect(existsSync(file)).toBe(true);
      const html = readFileSync(file, 'utf8');
      // Nothing is loaded from anywhere: no external script, stylesheet or image.
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const charts = await page.evaluate(() =>
          (
            globalThis as unknown as {
              notebookCharts: Array<{ data: Array<Array<number | null>>; series: Array<{ label: string }> }>;
            }
          ).notebookCharts.map((chart) => ({
            x: chart.data[0],
            yours: chart.data[1],
            labels: chart.series.map((series) => series.label),
          })),
        );
        expect(problems).toEqual([]);
        expect(charts).toEqual([
          { x: [2], yours: [0.5], labels: ['requests in flight at once', 'yours (lessons 01–03)'] },
        ]);
        expect(await page.locator('canvas').count()).toBe(1);
        expect(await page.locator('body').innerText()).toContain(STEADY);
        mkdirSync(path.join(import.meta.dirname, '..', 'screenshots'), { recursive: true });
        await page.screenshot({
          path: path.join(import.meta.dirname, '..', 'screenshots', 'notebook-fixture.png'),
          fullPage: true,
        });
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
});
