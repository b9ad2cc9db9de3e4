import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Rpf01HeaderKey } from '@marginkit/rpf';
import { parseRpf01, rpf01Text } from '@marginkit/rpf';
import type { VarInputError, VarMarginJson } from '../../src/index';
import { computeVarMargin, parseVarParams, parseVarPositions, varMarginToJson } from '../../src/index';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/var/', import.meta.url));
const read = (name: string) => readFileSync(FIXTURES + name, 'utf8');

type Outcome = { ok: true; json: VarMarginJson } | { ok: false; errors: readonly VarInputError[] };

function run(rpf01: string, positions: string, params: string): Outcome {
  const f = parseRpf01(rpf01, { fileName: 'rpf01.csv' });
  if (!f.ok) throw new Error(f.errors.map((e) => e.message).join('\n'));
  const p = parseVarPositions(positions, { fileName: 'positions.csv' });
  if (!p.ok) return { ok: false, errors: p.errors };
  const q = parseVarParams(params, { fileName: 'params.json' });
  if (!q.ok) return { ok: false, errors: q.errors };
  const m = computeVarMargin(f.value, p.value, q.value);
  return m.ok ? { ok: true, json: varMarginToJson(m.value) } : { ok: false, errors: m.errors };
}

function json(o: Outcome): VarMarginJson {
  if (!o.ok) throw new Error(o.errors.map((e) => e.message).join('\n'));
  return o.json;
}

describe('fixtures/var: every component as computed by hand in fixtures/var/README.md', () => {
  const o = run(read('rpf01-small.csv'), read('positions-small.csv'), read('params-small.json'));
  const j = json(o);

  it('portfolio margin: sub-portfolios, tails, W, floor', () => {
    expect(j.subPortfolios.map(({ id, hvar, svar, hvarTail, svarTail }) => ({ id, hvar, svar, hvarTail, svarTail }))).toEqual([
      // non-ipo HVaR tail −19700 (s3), −16550 (s9); SVaR −39400 (s5), −31000 (s1).
      { id: 'non-ipo', hvar: '-18125', svar: '-35200', hvarTail: [3, 9], svarTail: [5, 1] },
      // 9988: −10000 (s2), then −5000 in both s6 and s9: the lower number, 6, is in the tail.
      { id: '9988', hvar: '-7500', svar: '-17500', hvarTail: [2, 6], svarTail: [3, 5] },
    ]);
    expect(j.subPortfolios[0]?.hvarTailPnl).toEqual(['-19700', '-16550']);
    expect(j.subPortfolios[1]?.instruments).toEqual(['9988', '23456']);
    // W = −22393.75 − 10000; floor = 0.032 × max(615000, 310000).
    expect(j.details).toMatchObject({ w: '-32393.75', floor: '19680', tierPLongMarketValue: '615000', tierPShortMarketValue: '310000' });
    expect(j.portfolioMargin).toBe('32394');
  });

  it('flat-rate margin: (max(30000, 10000) × 0.5 + 8000 × 0.3) × 1.2 = 20880', () => {
    expect(j.flatRateMargin).toBe('20880');
    expect(j.details.flatRateGroups.map((g) => [g.rate, g.charged])).toEqual([
      ['0.3', '8000'],
      ['0.5', '30000'],
    ]);
  });

  it('liquidation-risk add-on: instrument level 22500 + 5500, portfolio level (422000 − 100000) × 0.02', () => {
    expect(j.details.liquidationRisk).toMatchObject({ instrumentLevel: '28000', portfolioLevel: '6440', betaWeightedDelta: '422000' });
    expect(j.details.liquidationRisk.groups.map((g) => [g.underlying, g.deltaMarketValue, g.addOn])).toEqual([
      ['1', '525000', '22500'],
      ['2800', '-100000', '0'],
      ['5', '-210000', '5500'],
      ['9988', '40000', '0'],
    ]);
    expect(j.liquidationRiskAddOn).toBe('34440');
  });

  it('structured-product add-on: 100000 × 5 × 0.001 + 50000 × 3 × 0.001', () => {
    expect(j.structuredProductAddOn).toBe('650');
  });

  it('corporate-action margin: round(617.25) + round(1499.7)', () => {
    expect(j.details.corporateActionCharges.map((c) => [c.instrument, c.net, c.addOn])).toEqual([
      ['DIV1', '12345', '617'],
      ['SRI5', '-4999', '1500'],
    ]);
    expect(j.corporateActionMargin).toBe('2117');
  });

  it('holiday, aggregate, MTM, credit, position limit and total', () => {
    expect(j).toMatchObject({
      holidayAddOn: '22067', // round(53274 × 0.4142135624 = 22066.813…)
      aggregateMargin: '120000', // 112548 rounded up to 10000
      mtm: '5345.5',
      favourableMtm: '5345.5',
      mtmRequirement: '0',
      netMargin: '114654.5',
      marginAfterCredit: '64654.5',
      positionLimitAddOn: '2899', // 39346 / 339346 × 100000 × 0.25 = 2898.66…
      total: '69053.5', // 64654.5 + 0 + 2899 + 1000 + 500
    });
    expect(j.details.positionLimit).toEqual({ netMarketValue: '339346', limit: '300000', excess: '39346', base: '100000', factor: '0.25' });
  });

  it('the JSON has the cli-contract.md shape', () => {
    expect(Object.keys(j).slice(0, 17)).toEqual([
      'schemaVersion', 'valuationDate', 'portfolioMargin', 'subPortfolios', 'flatRateMargin', 'liquidationRiskAddOn',
      'structuredProductAddOn', 'corporateActionMargin', 'holidayAddOn', 'aggregateMargin', 'mtm', 'favourableMtm',
      'mtmRequirement', 'netMargin', 'marginAfterCredit', 'positionLimitAddOn', 'total',
    ]);
    expect(j.schemaVersion).toBe(1);
    expect(j.valuationDate).toBe('2022-06-30');
  });
});

/** A two-scenario file (CL 0.5 → k = 1 for both sets) with the given records after the header. */
function tiny(rows: readonly string[], header: Partial<Record<Rpf01HeaderKey, string>> = {}): string {
  return rpf01Text(rows, { Valuation_DT: '1/7/2022', HVaR_Scen_Count: '2', SVaR_Scen_Count: '2', HVaR_CL: '0.5', SVaR_CL: '0.5', ...header });
}
const HEDGE = ['2800,1,0,0', '2800,2,0,0', '2800,4,0.02,1,1000000,20'];
const P = (rows: readonly string[]) => ['instrument,quantity,contractValue,marketValue', ...rows].join('\n');
const PARAMS = (extra = '') =>
  `{"flatRateMultiplier":1,"marginCredit":0,"floorRate":0,"alc":1000000000,"alcMultiplier":1,"positionLimitAddOnRate":0.25${extra}}`;

describe('components on small hand-computed portfolios', () => {
  it('portfolio margin: W rounds half away from zero, and the floor is not rounded before the max', () => {
    // HVaR returns −0.01001, 0; SVaR −0.02, 0; MV 12345.67 (long):
    // HVaR P&L: round(12345.67 × −0.01001 = −123.5801567) = −124 → HVaR −124 (k = 1).
    // SVaR P&L: round(−246.9134) = −247. W = −124 × 0.75 + −247 × 0.25 = −93 − 61.75 = −154.75.
    // Floor 0.032 × 12345.67 = 395.06144 → PM = round(max(154.75, 395.06144, 0)) = 395.
    const rpf = tiny(['7,1,-0.01001,0', '7,2,-0.02,0']);
    const j = json(run(rpf, P(['7,100,12345.67,12345.67']), PARAMS().replace('"floorRate":0', '"floorRate":0.032')));
    expect(j.subPortfolios[0]).toMatchObject({ hvar: '-124', svar: '-247', hvarTail: [1], svarTail: [1] });
    expect(j.details.w).toBe('-154.75');
    expect(j.details.floor).toBe('395.06144');
    expect(j.portfolioMargin).toBe('395');
    // Without the floor: round(154.75) = 155.
    expect(json(run(rpf, P(['7,100,12345.67,12345.67']), PARAMS())).portfolioMargin).toBe('155');
  });

  it('flat-rate margin: rates written 0.5 and 0.50 are one group; the sum is rounded once, half up', () => {
    // Rate 0.5: long 1001, short 400 → 1001 × 0.5 = 500.5. Multiplier 1 → round(500.5) = 501.
    const rpf = tiny(['8,3,0.5', '9,3,0.50']);
    const j = json(run(rpf, P(['8,1001,1001,1001', '9,-400,-400,-400']), PARAMS()));
    expect(j.details.flatRateGroups).toHaveLength(1);
    expect(j.flatRateMargin).toBe('501');
  });

  it('liquidation risk: the instrument level is summed, then rounded once; the portfolio level uses 2800', () => {
    // Stock 1: ΔMV = 1000 × 123.45678 = 123456.78; (123456.78 − 100000) × 0.05 = 1172.839.
    // Stock 2: ΔMV = −300 × 10.001 = −3000.3; (3000.3 − 1000) × 0.1 = 200.03.
    // Instrument level = round(1172.839 + 200.03 = 1372.869) = 1373.
    // B = 123456.78 × 1.5 + −3000.3 × 0.5 = 185185.17 − 1500.15 = 183685.02;
    // portfolio level = round((183685.02 − 1000000 < 0 → 0) × 0.02) = 0.
    const rpf = tiny([...HEDGE, '1,3,0.2', '1,4,0.05,1.5,100000,123.45678', '2,3,0.2', '2,4,0.1,0.5,1000,10.001']);
    const j = json(run(rpf, P(['1,1000,123456.78,123456.78', '2,-300,-3000.3,-3000.3']), PARAMS()));
    expect(j.details.liquidationRisk).toMatchObject({ instrumentLevel: '1373', portfolioLevel: '0', betaWeightedDelta: '183685.02' });
    expect(j.liquidationRiskAddOn).toBe('1373');
  });

  it('structured-product add-on: long positions only', () => {
    // Long 12345 × (10 × 0.25) × 0.001 = 30.8625 → 31; the short one is not charged.
    const rpf = tiny(['50,3,0.5', '50,6,0.01,0.25', '51,3,0.5', '51,6,0.01,0.25']);
    const j = json(run(rpf, P(['50,12345,100,100', '51,-5000,-50,-50']), PARAMS()));
    expect(j.details.structuredProductCharges).toEqual([{ instrument: '50', quantity: 12345, addOn: '30.8625' }]);
    expect(j.structuredProductAddOn).toBe('31');
  });

  it('corporate action: each term rounded; a zero net costs nothing; a missing FieldType 7 is an error', () => {
    // DSP9: net = 1000.50 − 0 = 1000.5 > 0 → |1000.5 × 0.15| = 150.075 → 150.
    // DIV9: net = 200 − 200 = 0 → 0.
    const rpf = tiny(['9,7,1,1,0.2,0.15', '9,7,3,1,0.2,0.15']);
    const j = json(run(rpf, P(['DSP9,100,0,1000.50', 'DIV9,100,200,200']), PARAMS()));
    expect(j.details.corporateActionCharges.map((c) => [c.instrument, c.net, c.addOn])).toEqual([
      ['DSP9', '1000.5', '150'],
      ['DIV9', '0', '0'],
    ]);
    expect(j.corporateActionMargin).toBe('150');
    const missing = run(rpf, P(['SRI9,100,0,10']), PARAMS());
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.errors[0]).toMatchObject({ _tag: 'MissingParameter', file: 'positions.csv', line: 2, field: 'instrument', value: 'SRI9' });
  });

  it('holiday add-on and the aggregate round-up', () => {
    // Tier N only: FRM = round(1000 × 0.5) = 500. Holiday factor √3 − 1 = 0.7320508076:
    // round(500 × 0.7320508076 = 366.0254038) = 366. Aggregate 866 → up to 10000.
    const rpf = tiny(['8,3,0.5'], { Holiday_Factor: '0.7320508076' });
    const j = json(run(rpf, P(['8,100,1000,1000']), PARAMS()));
    expect(j).toMatchObject({ flatRateMargin: '500', holidayAddOn: '366', aggregateMargin: '10000' });
  });

  it('MTM requirement, margin credit, and the position-limit factor 1 + rate when nothing is left after credit', () => {
    // FRM = round(1000 × 0.5) = 500 → aggregate 10000. MTM = 1000 − 1500 = −500: requirement 500.
    // Net margin 10000; credit 20000 → after credit 0.
    // Position limit: NMV 1000; limit min(400 × 1, 600) = 400; excess 600; base roundUp(500) = 10000;
    // factor 1 + 0.25: 600 / 1000 × 10000 × 1.25 = 7500.
    // Total = 0 + 500 + 7500 + 0 + 0 = 8000.
    const rpf = tiny(['8,3,0.5']);
    const params = '{"flatRateMultiplier":1,"marginCredit":20000,"floorRate":0,"alc":"400","alcMultiplier":1,"alcCap":600,"positionLimitAddOnRate":0.25}';
    const j = json(run(rpf, P(['8,100,1500,1000']), params));
    expect(j).toMatchObject({
      mtm: '-500',
      favourableMtm: '0',
      mtmRequirement: '500',
      netMargin: '10000',
      marginAfterCredit: '0',
      positionLimitAddOn: '7500',
      total: '8000',
    });
    expect(j.details.positionLimit.factor).toBe('1.25');
  });

  it('no position-limit add-on when the net market value is 0', () => {
    const rpf = tiny(['8,3,0.5']);
    const j = json(run(rpf, P(['8,100,1000,1000', '8,-100,-1000,-1000']), PARAMS().replace('"alc":1000000000', '"alc":0')));
    expect(j.positionLimitAddOn).toBe('0');
    expect(j.total).toBe('0');
  });

  it('an instrument the file does not price is an error naming the positions line', () => {
    const o = run(tiny(['8,3,0.5']), P(['8,1,1,1', '4242,100,1000,1000']), PARAMS());
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.errors).toEqual([expect.objectContaining({ _tag: 'UnknownInstrument', file: 'positions.csv', line: 3, field: 'instrument', value: '4242' })]);
    expect(o.errors[0]?.message).toMatch(/^positions\.csv:3: instrument "4242": /);
  });
});
