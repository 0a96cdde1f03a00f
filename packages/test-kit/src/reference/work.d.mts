/** A task for one of the test kit's reference copies. */
export type ReferenceTask =
  | { readonly kind: 'trial'; readonly from: number; readonly to: number }
  | { readonly kind: 'sieve'; readonly from: number; readonly to: number }
  | {
      readonly kind: 'tally';
      readonly counter: SharedArrayBuffer;
      readonly gate: SharedArrayBuffer;
      readonly increments: number;
    }
  | { readonly kind: 'fetch'; readonly url: string };

export function trialDivisionSpan(from: number, to: number): number;
export function sieveSpan(from: number, to: number): number;
export function tallyUnsafely(counter: Int32Array, gate: Int32Array, increments: number): number;
export function runTask(task: ReferenceTask): number | string | Promise<string>;
