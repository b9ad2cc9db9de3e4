import { describe, expect, it } from 'vitest';
import { etaText, progressBar } from '../src/index';

describe('progressBar', () => {
  it('redraws only when the percentage moves, and clears its line', () => {
    const frames: string[] = [];
    const bar = progressBar((s) => frames.push(s), 'accounts');
    bar.update(1, 3000);
    bar.update(2, 3000); // still 0 %
    bar.update(30, 3000); // 1 %
    bar.update(3000, 3000);
    bar.finish();
    expect(frames).toHaveLength(4);
    expect(frames[0]).toBe(`\r${'░'.repeat(30)}   0%  1/3,000 accounts\u001b[K`);
    expect(frames[2]).toBe(`\r${'█'.repeat(30)} 100%  3,000/3,000 accounts\u001b[K`);
    expect(frames[3]).toBe('\r\u001b[K');
  });

  it('shows the time left from the rate so far', () => {
    let t = 0;
    const frames: string[] = [];
    const bar = progressBar((s) => frames.push(s), 'accounts', { eta: true, now: () => t });
    bar.update(0, 1000);
    t = 5000; // 5 s for 250 accounts: 750 more take 15 s
    bar.update(250, 1000);
    expect(frames[0]).toContain('0/1,000 accounts  ETA …');
    expect(frames[1]).toContain('250/1,000 accounts  ETA 15s');
  });
});

describe('etaText', () => {
  it('rounds up to whole seconds, then minutes and hours', () => {
    expect(etaText(1000, 10, 5)).toBe('ETA 1s'); // 0.5 s rounds up
    expect(etaText(1000, 1, 65)).toBe('ETA 1m05s');
    expect(etaText(60_000, 1, 62)).toBe('ETA 1h02m');
    expect(etaText(1000, 1, 0)).toBe('ETA 0s');
  });
});
