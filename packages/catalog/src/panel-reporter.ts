/**
 * A vitest reporter that ends a passing run with the "what you measured"
 * panel (see measurements.ts): what the timing tests measured on the
 * student's machine, one line each, and which machine the chapter's own
 * figures come from. The lesson preset adds it beside vitest's default
 * reporter for `pnpm test` in a lesson; the course's tools, which pass their
 * own `--reporter`, show the same panel from the results stream instead.
 *
 * @module
 */
import type { Reporter, TestModule } from 'vitest/node';
import { measurementPanel, readMeasurements, type MeasuredTest } from './measurements.ts';

/** The reporter's options, from the preset. */
export interface PanelOptions {
  /** The machine the chapter's tables were measured on (see referenceMachine). */
  readonly reference?: string;
}

/** Prints the panel after a run in which no test failed. */
export default class PanelReporter implements Reporter {
  readonly #reference: string | undefined;

  constructor(options: PanelOptions = {}) {
    this.#reference = options.reference;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: string): void {
    if (reason !== 'passed') return;
    const tests: MeasuredTest[] = modules.flatMap((module) =>
      [...module.children.allTests()].map((testCase) => {
        const state = testCase.result().state;
        return {
          name: testCase.fullName,
          status: state === 'pending' ? 'skipped' : state,
          measurements: readMeasurements((testCase.meta() as { measurements?: unknown }).measurements),
        };
      }),
    );
    const lines = measurementPanel(tests, this.#reference);
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
}
