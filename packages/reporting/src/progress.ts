import { groupThousands } from './format';

/**
 * A one-line progress bar for long runs, redrawn in place on a terminal's stderr. It redraws only
 * when the shown percentage moves, so a run of a million accounts writes at most 101 frames.
 * Shared by the CLI (`marginkit margin`) and the book worker, which also shows an ETA.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the line, so what follows starts on a clean one. */
  finish(): void;
}

export interface ProgressOptions {
  /** Show the time left, from the rate so far (off by default). */
  readonly eta?: boolean;
  /** Milliseconds now (for the ETA); default `performance.now`. */
  readonly now?: () => number;
}

const WIDTH = 30;

export function progressBar(write: (text: string) => void, label: string, options: ProgressOptions = {}): ProgressBar {
  const now = options.now ?? (() => performance.now());
  let shown = -1;
  let drawn = false;
  let start: number | undefined;
  let startDone = 0;
  return {
    update(done, total) {
      if (start === undefined) {
        start = now();
        startDone = done;
      }
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (percent === shown) return;
      shown = percent;
      drawn = true;
      const filled = Math.round((percent * WIDTH) / 100);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      const eta = options.eta === true ? `  ${etaText(now() - start, done - startDone, total - done)}` : '';
      write(`\r${bar} ${String(percent).padStart(3)}%  ${groupThousands(String(done))}/${groupThousands(String(total))} ${label}${eta}\u001b[K`);
    },
    finish() {
      if (drawn) write('\r\u001b[K');
      drawn = false;
    },
  };
}

/** `ETA 1m05s` from the time taken so far for `done` items and the `left` to do. */
export function etaText(elapsedMs: number, done: number, left: number): string {
  if (left <= 0) return 'ETA 0s';
  if (done <= 0 || elapsedMs <= 0) return 'ETA …';
  const seconds = Math.ceil(((elapsedMs / done) * left) / 1000);
  if (seconds < 60) return `ETA ${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `ETA ${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `ETA ${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
