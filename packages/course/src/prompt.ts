/**
 * Asking the student a yes/no question in the terminal.
 *
 * @module
 */
import { createInterface } from 'node:readline/promises';

/** True when someone can answer a question: the input is a terminal. */
export function canAsk(input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): boolean {
  return input.isTTY === true;
}

/** Asks `question` and resolves true only for an answer starting with y. No answer means no. */
export async function confirm(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  const reader = createInterface({ input, output });
  try {
    const answer = await reader.question(`${question} [y/N] `);
    return /^\s*y/i.test(answer);
  } finally {
    reader.close();
  }
}
