/**
 * A meter that lives inside the mocked pages' handlers and writes down every
 * visit: when the request arrived, when it was answered, and how it ended.
 * Tests read the concept off this record (how many requests were in flight at
 * once, in what order they started) rather than off the student's code.
 *
 * @module
 */

/** How a visit to a page ended. */
export type VisitOutcome = 'answered' | 'refused' | 'abandoned' | 'pending';

/** One request, as the server saw it. */
export interface Visit {
  /** The page's full URL. */
  readonly url: string;
  /** 1 for the first request to this URL, 2 for the second, and so on. */
  readonly attempt: number;
  /** Milliseconds after the meter was made when the request arrived. */
  readonly startMs: number;
  /**
   * The thread that sent the request: 0 for the main thread, a worker's
   * `threadId` for a request relayed from a worker (see relay.ts).
   */
  readonly threadId: number;
  /** Milliseconds after the meter was made when it ended; `undefined` while it is still pending. */
  endMs: number | undefined;
  /** The HTTP status sent, when one was. */
  status: number | undefined;
  outcome: VisitOutcome;
}

/** Records visits and answers questions about them. */
export class RequestMeter {
  readonly #origin = performance.now();
  readonly #visits: Visit[] = [];
  #inFlight = 0;
  #peak = 0;

  /** Milliseconds since the meter was made (same clock as {@link Visit.startMs}). */
  now(): number {
    return performance.now() - this.#origin;
  }

  /** Called by a handler when a request arrives. */
  start(url: string, threadId = 0): Visit {
    const attempt = this.#visits.filter((visit) => visit.url === url).length + 1;
    const visit: Visit = {
      url,
      attempt,
      startMs: this.now(),
      threadId,
      endMs: undefined,
      status: undefined,
      outcome: 'pending',
    };
    this.#visits.push(visit);
    // Counted here, inside the handler, because only the server side knows for
    // certain that a request is really out on the road.
    this.#inFlight += 1;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    return visit;
  }

  /** Called by a handler when it answers (or the caller gives up on) a request. */
  end(visit: Visit, outcome: Exclude<VisitOutcome, 'pending'>, status?: number): void {
    if (visit.outcome !== 'pending') return;
    visit.endMs = this.now();
    visit.outcome = outcome;
    visit.status = status;
    this.#inFlight -= 1;
  }

  /** Every visit so far, in the order the requests arrived. */
  get visits(): readonly Visit[] {
    return this.#visits;
  }

  /** The most requests that were ever in flight at the same moment. */
  get peakInFlight(): number {
    return this.#peak;
  }

  /** Requests that have arrived and not yet ended. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The URLs in the order their requests arrived (repeats included). */
  get arrivalOrder(): string[] {
    return this.#visits.map((visit) => visit.url);
  }

  /** Visits that arrived strictly after `ms` (on the meter's clock). */
  startedAfter(ms: number): Visit[] {
    return this.#visits.filter((visit) => visit.startMs > ms);
  }

  /**
   * A text picture of the visits, one row per request, so a failing test can
   * show what actually happened on the road:
   *
   * ```text
   *   0 ms                                               412 ms
   *   /page-1  1 |██████████                              | 200
   *   /page-2  1 |          ██████████                    | 200
   * ```
   */
  timeline(width = 48): string {
    if (this.#visits.length === 0) return '  (no request reached the server)';
    const end = Math.max(this.now(), ...this.#visits.map((visit) => visit.endMs ?? 0));
    const scale = end > 0 ? width / end : 0;
    // Which thread sent each request, once any came from a worker thread.
    const threads = this.#visits.some((visit) => visit.threadId !== 0);
    const sender = (visit: Visit): string =>
      threads ? (visit.threadId === 0 ? ' main' : ` thread ${visit.threadId}`) : '';
    const label = (visit: Visit): string => `${new URL(visit.url).pathname} ${visit.attempt}${sender(visit)}`;
    const labelWidth = Math.max(...this.#visits.map((visit) => label(visit).length));
    const rows = this.#visits.map((visit) => {
      const from = Math.min(width - 1, Math.floor(visit.startMs * scale));
      const to = Math.max(from + 1, Math.min(width, Math.ceil((visit.endMs ?? end) * scale)));
      const bar = ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(width - to);
      const ending =
        visit.outcome === 'pending'
          ? '…'
          : visit.outcome === 'abandoned'
            ? 'abandoned'
            : `${visit.status ?? ''}`;
      return `  ${label(visit).padEnd(labelWidth)} |${bar}| ${ending}`;
    });
    const header = `  ${''.padEnd(labelWidth)}  0 ms${`${Math.round(end)} ms`.padStart(width - 4)}`;
    return [header, ...rows, `  peak in flight: ${this.#peak}`].join('\n');
  }
}
