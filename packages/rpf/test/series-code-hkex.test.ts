import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../src/catalogue';
import { parseRpf } from '../src/parse/parse';
import { formatSeriesCode, resolveSeries } from '../src/series-code';

// HKEX's client-margin test cases name their positions by CC and HKEX series code
// (fixtures/hkex-2016-sample: expected.json copied from the spec, with a reconstructed RPF of
// 2016-09-30 holding those series). Every code must resolve, in the CC HKEX gives it, and
// format back to itself.
const DIR = new URL('../../../fixtures/hkex-2016-sample/', import.meta.url);

describe('the HKEX 2016 test-case series codes', () => {
  it('resolve against the 2016-09-30 RPF in the CC the cases name', async () => {
    const expected = JSON.parse(await readFile(new URL('expected.json', DIR), 'utf8')) as {
      cases: { id: string; positions: [string, string, number][] }[];
    };
    const rpfName = 'rpf______-_____-__-_____-160930.lis';
    const rpf = parseRpf(await readFile(new URL(rpfName, DIR)), { fileName: rpfName });
    const catalogue = parseCatalogue(await readFile(new URL('catalogue.csv', DIR), 'utf8'), { fileName: 'catalogue.csv' });
    if (!rpf.ok || !catalogue.ok) throw new Error('fixtures do not parse');

    const positions = expected.cases.flatMap((c) => c.positions);
    expect(positions.length).toBeGreaterThan(0);
    for (const [cc, code] of positions) {
      const s = resolveSeries(code, rpf.value, catalogue.value, { cc });
      expect(s.ok ? s.value.cc : s.errors[0]?.message, code).toBe(cc);
      if (!s.ok) continue;
      const back = formatSeriesCode(s.value, catalogue.value);
      expect(back.ok && back.value).toBe(code);
    }
    // Spot checks against the spec's reading of the codes (rpf-format.md "HKEX series codes").
    const get = (code: string) => {
      const r = resolveSeries(code, rpf.value, catalogue.value);
      if (!r.ok) throw new Error(r.errors[0]?.message);
      return r.value;
    };
    expect(get('XXXM8')).toMatchObject({ commodity: 'XXX', productType: 'FUT', right: '', futuresMonth: 201806 });
    expect(get('XXX17400R8')).toMatchObject({ commodity: 'XXX', right: 'P', strike: 17400, optionMonth: 201806 });
    expect(get('HEX165.00U7')).toMatchObject({ commodity: 'HEX', right: 'P', strike: 16500, optionMonth: 201709 });
    expect(get('AIA28.00O7')).toMatchObject({ commodity: 'AIA', right: 'P', strike: 2800, optionMonth: 201703 });
  });
});
