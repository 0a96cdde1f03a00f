// The reference worker's span, with a sum already known handed along to add.
import sumSpan from '../../../src/sieve-worker.ts';

export default function sumSpanPlus({
  from,
  to,
  known = 0,
}: {
  from: number;
  to: number;
  known?: number;
}): number {
  return known + sumSpan({ from, to });
}
