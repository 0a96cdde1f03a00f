/**
 * Noticing that the student saved a file under a folder. Two ways: the
 * operating system's notifications (quick and cheap), or looking every half
 * second (`--poll`), for the file systems where notifications never come:
 * WSL on a Windows drive, some containers and network drives.
 *
 * @module
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** A folder being watched. */
export interface FolderWatcher {
  /** Stops watching. */
  close(): void;
}

/** Options for {@link watchFolder}. */
export interface WatchFolderOptions {
  /** Look every `intervalMs` instead of waiting for notifications. */
  readonly poll: boolean;
  readonly intervalMs?: number;
  /** Called once per burst of changes (an editor's save often writes several times). */
  readonly onChange: () => void;
  /** Called when notifications fail and the watcher falls back to polling. */
  readonly onNotice?: (message: string) => void;
}

/** How long a burst of changes may last before it counts as one save. */
const settleMs = 150;

/** The sizes and times of every file under `dir`: it changes when any file is saved, added or removed. */
function snapshot(dir: string): string {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        const { size, mtimeMs } = statSync(file);
        return `${file}\u0000${size}\u0000${mtimeMs}`;
      })
      .sort()
      .join('\n');
  } catch {
    return ''; // the folder or a file vanished mid-look: the next look sees the result
  }
}

/** Watches every file under `dir` and calls `onChange` after each save. */
export function watchFolder(dir: string, options: WatchFolderOptions): FolderWatcher {
  let settle: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(settle);
    settle = setTimeout(options.onChange, settleMs);
  };
  let poller: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const startPolling = (): void => {
    let last = snapshot(dir);
    poller = setInterval(() => {
      const now = snapshot(dir);
      if (now !== last) {
        last = now;
        changed();
      }
    }, options.intervalMs ?? 500);
  };

  if (options.poll) {
    startPolling();
  } else {
    try {
      watcher = watch(dir, { recursive: true }, changed);
      watcher.on('error', (error) => {
        watcher?.close();
        watcher = undefined;
        options.onNotice?.(
          `watching failed (${error.message}); looking for changes every half second instead`,
        );
        startPolling();
      });
    } catch (error) {
      // Out of inotify watches, or a file system without notifications at all.
      options.onNotice?.(
        `cannot watch ${dir} (${(error as Error).message}); looking for changes every half second instead`,
      );
      startPolling();
    }
  }

  return {
    close() {
      clearTimeout(settle);
      clearInterval(poller);
      watcher?.close();
    },
  };
}
