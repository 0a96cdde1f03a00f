// A worker that either sums a range or, handed a shared flag, spins until the
// flag is raised and returns nothing of use.
export type Task = { from: number; to: number } | { flag: SharedArrayBuffer };

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export default function work(task: Task): number {
  if ('flag' in task) {
    const flag = new Int32Array(task.flag);
    while (Atomics.load(flag, 0) === 0) {
      // Burn CPU: the thread looks busy for as long as the real work takes.
    }
    return 0;
  }
  let sum = 0;
  for (let n = task.from; n < task.to; n += 1) if (isPrime(n)) sum += n;
  return sum;
}
