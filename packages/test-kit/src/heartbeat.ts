/**
 * A heartbeat: a timer that should tick every few milliseconds. While the
 * event loop is blocked by a long computation it cannot tick, so the longest
 * gap between beats shows how long the loop was unavailable to everyone else.
 *
 * @module
 */
import { now } from './clocks.ts';

/** What a heartbeat saw between its start and stop. */
export interface HeartbeatReport {
  /** Timer callbacks that ran. */
  readonly beats: number;
  /** The longest stretch without a beat, in ms (measured from start to the first beat, between beats, and from the last beat to stop). */
  readonly longestGapMs: number;
  /** How long the heartbeat ran, in ms. */
  readonly wallMs: number;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Stops the timer and reports what it saw. */
  stop(): HeartbeatReport;
}

/** Starts a heartbeat timer with the given interval; `stop()` ends it and reports. */
export function startHeartbeat(intervalMs = 5): Heartbeat {
  const started = now();
  let last = started;
  let longest = 0;
  let beats = 0;
  const timer = setInterval(() => {
    const time = now();
    longest = Math.max(longest, time - last);
    last = time;
    beats += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const time = now();
      return { beats, longestGapMs: Math.max(longest, time - last), wallMs: time - started };
    },
  };
}
