/** Field order of the record buffer (Float64Array). */
export const RECORD_FIELDS: readonly string[];

/** Runs one task of the exercise under the spy: see tinypool-probe.mjs. */
export default function probe(wrapped: {
  task: unknown;
  filename: string;
  name: string;
  record: SharedArrayBuffer;
  /** Throw an Error with this message instead of running the task (the spy's failTask). */
  fail?: string;
}): Promise<unknown>;
