import { groupThousands } from '@marginkit/reporting';

/**
 * A one-line progress bar for long runs, redrawn in place on a terminal's stderr. It redraws only
 * when the shown percentage moves, so a run of a million accounts writes at most 101 frames.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the line, so what follows starts on a clean one. */
  finish(): void;
}

const WIDTH = 30;

export function progressBar(write: (text: string) => void, label: string): ProgressBar {
  let shown = -1;
  let drawn = false;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (percent === shown) return;
      shown = percent;
      drawn = true;
      const filled = Math.round((percent * WIDTH) / 100);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      write(`\r${bar} ${String(percent).padStart(3)}%  ${groupThousands(String(done))}/${groupThousands(String(total))} ${label}\u001b[K`);
    },
    finish() {
      if (drawn) write('\r\u001b[K');
      drawn = false;
    },
  };
}
