"""The article's approach, written for this course: sum the primes below a
limit by trial division in Python, sequentially and with multiprocessing.Pool.

Usage: python3 primes.py LIMIT MODE [PROCESSES]
  MODE is "sequential" or "pool". Prints one JSON line:
  {"limit": ..., "mode": ..., "processes": ..., "sum": ..., "seconds": ...}

The timing covers the work and, for the pool, starting and stopping it, as
the Node benchmark's cold pool does.
"""

import json
import sys
import time
from multiprocessing import Pool


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    divisor = 3
    while divisor * divisor <= n:
        if n % divisor == 0:
            return False
        divisor += 2
    return True


def sum_range(bounds):
    start, stop = bounds
    return sum(n for n in range(start, stop) if is_prime(n))


def chunks(limit, count):
    return [(limit * i // count, limit * (i + 1) // count) for i in range(count)]


def main():
    limit = int(sys.argv[1])
    mode = sys.argv[2]
    processes = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    started = time.perf_counter()
    if mode == "sequential":
        total = sum_range((0, limit))
    else:
        with Pool(processes) as pool:
            total = sum(pool.map(sum_range, chunks(limit, processes * 8)))
    seconds = time.perf_counter() - started
    print(json.dumps({"limit": limit, "mode": mode, "processes": processes, "sum": total, "seconds": seconds}))


if __name__ == "__main__":
    main()
