// Wrong on purpose: a task sieves its whole span on one sheet of flags, one
// per odd number in the span. Right and fast, but a span is a fixed share of
// the limit, so each copy's memory grows with the limit.
import { basePrimesUpTo, type Span } from '../../../src/sieve-worker.ts';

export default function sumSpanOnOneSheet({ from, to }: Span): number {
  let sum = from <= 2 && to > 2 ? 2 : 0;
  const low = Math.max(from, 3) | 1;
  if (low >= to) return sum;
  const composite = new Uint8Array(Math.ceil((to - low) / 2));
  for (const p of basePrimesUpTo(Math.floor(Math.sqrt(to - 1)))) {
    if (p === 2) continue;
    let multiple = Math.max(p * p, Math.ceil(low / p) * p);
    if (multiple % 2 === 0) multiple += p;
    for (; multiple < to; multiple += 2 * p) composite[(multiple - low) / 2] = 1;
  }
  for (let i = 0; i < composite.length; i += 1) if (composite[i] === 0) sum += low + 2 * i;
  return sum;
}
