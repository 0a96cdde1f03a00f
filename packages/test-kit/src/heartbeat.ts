/**
 * A heartbeat: a timer that should tick every few milliseconds. While the
 * event loop is blocked by a long computation it cannot tick, so the longest
 * gap between beats shows how long the loop was unavailable to everyone else.
 *
 * @module
 */
import { now } from './clocks.ts';
import { throttleReader } from './cores.ts';

/** What a heartbeat saw between its start and stop. */
export interface HeartbeatReport {
  /** Timer callbacks that ran. */
  readonly beats: number;
  /** The longest stretch without a beat, in ms (measured from start to the first beat, between beats, and from the last beat to stop). */
  readonly longestGapMs: number;
  /** How long the heartbeat ran, in ms. */
  readonly wallMs: number;
  /**
   * The longest gap once the time a CPU quota held the process stopped
   * within each gap is taken out of it: what the code itself kept the loop
   * for, at most. Equal to `longestGapMs` with no quota; undefined when a
   * quota applies and its `cpu.stat` cannot be read. The kernel's count can
   * reach `cpu.stat` a beat late, so a gap's own stops can read as none: to
   * judge a bound, take out `stoppedMs` (the whole run's), which never
   * blames the code for the quota.
   */
  readonly longestUnstoppedGapMs: number | undefined;
  /** How long a CPU quota held the process stopped while the heartbeat ran (0 with none; undefined when unknown). */
  readonly stoppedMs: number | undefined;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Stops the timer and reports what it saw. */
  stop(): HeartbeatReport;
}

/** Starts a heartbeat timer with the given interval; `stop()` ends it and reports. */
export function startHeartbeat(intervalMs = 5): Heartbeat {
  const throttled = throttleReader();
  const started = now();
  const stoppedAtStart = throttled();
  let last = started;
  let stoppedAtLast = stoppedAtStart;
  let longest = 0;
  let longestUnstopped: number | undefined = 0;
  let beats = 0;
  const gap = (time: number, stopped: number | undefined): void => {
    longest = Math.max(longest, time - last);
    longestUnstopped =
      longestUnstopped === undefined || stopped === undefined || stoppedAtLast === undefined
        ? undefined
        : Math.max(longestUnstopped, time - last - (stopped - stoppedAtLast));
    last = time;
    stoppedAtLast = stopped;
  };
  const timer = setInterval(() => {
    gap(now(), throttled());
    beats += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const time = now();
      const stopped = throttled();
      gap(time, stopped);
      return {
        beats,
        longestGapMs: longest,
        wallMs: time - started,
        longestUnstoppedGapMs: longestUnstopped,
        stoppedMs:
          stopped === undefined || stoppedAtStart === undefined ? undefined : stopped - stoppedAtStart,
      };
    },
  };
}
