import { describe, expect, it } from 'vitest';
import { parseRpfFileName } from '../src/index';

describe('parseRpfFileName', () => {
  it('reads kind, business date and (intra-day) time from HKEX names', () => {
    expect(parseRpfFileName('rpi______-_____-__-_____-160930-1130.lis')).toEqual({
      kind: 'intraday',
      businessDate: '2016-09-30',
      businessTime: '11:30',
    });
    expect(parseRpfFileName('rpp______-_____-__-_____-170102.lis')).toEqual({ kind: 'early', businessDate: '2017-01-02', businessTime: undefined });
    expect(parseRpfFileName('/data/RPF/rpf______-_____-__-_____-160930.lis')).toEqual({
      kind: 'final',
      businessDate: '2016-09-30',
      businessTime: undefined,
    });
    expect(parseRpfFileName('RPF______-_____-__-_____-160930.LIS')).toMatchObject({ kind: 'final' });
  });

  it('returns undefined for names that do not follow the naming', () => {
    for (const name of [
      'small.lis',
      'rpf______-_____-__-_____-160930-1130.lis', // a time on a final file
      'rpi______-_____-__-_____-160930.lis', // an intra-day file without its time
      'rpf_____-_____-__-_____-160930.lis', // five underscores, not six
      'rpf______-_____-__-_____-161330.lis', // month 13
      'rpi______-_____-__-_____-160930-2360.lis', // minute 60
      'rpf______-_____-__-_____-160930.txt',
      'RPF_160930.zip',
    ]) {
      expect(parseRpfFileName(name), name).toBeUndefined();
    }
  });
});
