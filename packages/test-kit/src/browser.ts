/**
 * The course's browser tests' one way to start a browser: Debian's Chromium
 * (`/usr/bin/chromium`), driven by playwright-core, never a downloaded
 * browser. The flags keep a headless Chromium from reaching for the network
 * on its own (updates, sync, background fetches) and let it run as root in a
 * container.
 *
 * Imported as `@spellbook/test-kit/browser` by the site's and the
 * companion's browser tests; no lesson needs it.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser tests expect Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. Without Chromium they are skipped
 * with a warning naming `what`, except under CI=true, where a missing browser
 * is an error (.ci/run installs it).
 */
export function chromiumAvailable(what: string): boolean {
  const there = existsSync(CHROMIUM);
  if (!there && process.env['CI'] === 'true') {
    throw new Error(
      `CI=true but no browser at ${CHROMIUM}: .ci/run should install Debian's chromium package`,
    );
  }
  if (!there) console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return there;
}

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * CPU time used so far by the process `pid` and all its descendants, in ms,
 * from Linux's /proc (a browser's renderer, GPU and worker processes are
 * children of its first one); undefined where /proc does not say.
 */
export function processTreeCpuMs(pid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on every Linux this course runs on
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields start after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    } catch {
      // The process ended while we looked.
    }
  }
  if (!cpu.has(pid)) return undefined;
  const inTree = (candidate: number): boolean => {
    for (let at: number | undefined = candidate; at !== undefined && at > 1; at = parents.get(at)) {
      if (at === pid) return true;
    }
    return false;
  };
  let total = 0;
  for (const [candidate, ms] of cpu) if (inTree(candidate)) total += ms;
  return total;
}
