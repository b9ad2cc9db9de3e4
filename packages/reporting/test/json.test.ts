import { beforeAll, describe, expect, it } from 'vitest';
import { sheetToJson } from '@marginkit/risk-engine';
import type { MarginReport, MarginReportJson } from '../src/index';
import { renderJson, runOf } from '../src/index';
import { hkexReport } from './hkex-report';

/**
 * The contract document of `marginkit margin --format json` (cli-contract.md). Field names are
 * copied from the contract's example; the figures are HKEX's (client-margin.md's tables and the
 * contract's HKCC case 3 net example).
 */

const CONTRACT_KEYS = {
  top: ['schemaVersion', 'rpf', 'accounts'],
  rpf: ['kind', 'businessDate', 'businessTime'],
  account: ['account', 'basis', 'clearingHouseTotalHkd', 'clearingHouses', 'client'],
  clearingHouse: ['clearingHouse', 'currency', 'requirement', 'combinedCommodities'],
  cc: [
    'cc', 'scanRisk', 'intraSpreadCharge', 'spotCharge', 'commodityRisk', 'interSpreadCredit', 'shortOptionMinimum',
    'riskMargin', 'longOptionValue', 'shortOptionValue', 'mtm', 'requirement', 'sides',
  ],
  side: [
    'side', 'scanRisk', 'intraSpreadCharge', 'spotCharge', 'interSpreadCredit', 'shortOptionMinimum', 'riskMargin',
    'longOptionValue', 'shortOptionValue', 'scenarioLosses', 'activeScenario', 'timeRisk', 'priceRisk', 'volatilityRisk',
    'netDelta', 'tierDeltas', 'intraSpreads', 'spotCharges', 'weightedPriceRisk', 'interSpreads', 'riskMarginUnrounded',
  ],
  client: ['multiplier', 'combinedCommodities', 'totals', 'total', 'maintenance'],
  clientCc: ['cc', 'clearingHouse', 'riskMargin', 'longOptionValue', 'capped', 'mtm', 'requirement'],
  clientTotal: ['clearingHouse', 'currency', 'total', 'maintenance'],
} as const;

const MONEY = /^-?\d+(\.\d+)?$/;

let report: MarginReport;
let text: string;
let json: MarginReportJson;

beforeAll(async () => {
  report = await hkexReport();
  text = renderJson(report);
  json = JSON.parse(text) as MarginReportJson;
});

function account(name: string) {
  const found = json.accounts.find((a) => a.account === name);
  if (found === undefined) throw new Error(`no account ${name}`);
  return found;
}

describe('renderJson', () => {
  it('is one line of JSON ending with a newline, or indented on request', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.trimEnd()).not.toContain('\n');
    const pretty = renderJson(report, { indent: 2 });
    expect(pretty.split('\n').length).toBeGreaterThan(100);
    expect(JSON.parse(pretty)).toEqual(json);
  });

  it('carries every field of the contract example at every level', () => {
    expect(Object.keys(json)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.top]));
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.rpf)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.rpf]));
    expect(json.accounts).toHaveLength(16);
    for (const a of json.accounts) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.account]));
      expect(Object.keys(a.client)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.client]));
      for (const c of a.client.combinedCommodities) expect(Object.keys(c)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.clientCc]));
      for (const t of a.client.totals) expect(Object.keys(t)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.clientTotal]));
      for (const h of a.clearingHouses) {
        expect(Object.keys(h)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.clearingHouse]));
        for (const cc of h.combinedCommodities) {
          expect(Object.keys(cc)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.cc]));
          for (const s of cc.sides) {
            expect(Object.keys(s)).toEqual(expect.arrayContaining([...CONTRACT_KEYS.side]));
            expect(s.scenarioLosses).toHaveLength(16);
            for (const x of s.scenarioLosses) expect(x).toMatch(MONEY);
          }
          for (const k of ['scanRisk', 'riskMargin', 'mtm', 'requirement'] as const) expect(cc[k]).toMatch(MONEY);
        }
      }
    }
  });

  it("writes the contract's example figures for HKCC case 3, net (HKEX: CH 43,855, client 53,189)", () => {
    expect(json.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30' });
    const a = account('HKCC-3-net');
    expect(a.basis).toBe('net');
    expect(a.clearingHouseTotalHkd).toBe('43855');
    expect(a.clearingHouses).toHaveLength(1);
    const house = a.clearingHouses[0];
    expect(house).toMatchObject({ clearingHouse: 'HKCC', currency: 'HKD', requirement: '43855' });
    const fexxx = house?.combinedCommodities.find((c) => c.cc === 'FEXXX');
    expect(fexxx).toMatchObject({ riskMargin: '11420', mtm: '0', requirement: '11420' });
    expect(fexxx?.sides.map((s) => s.side)).toEqual(['net']);
    expect(fexxx?.sides[0]).toMatchObject({ side: 'net', riskMargin: '11420', activeScenario: 13 });
    // FEYYY: 32,990 before the intercommodity credit with FEXXX, 32,435 after (client-margin.md)
    expect(house?.combinedCommodities.find((c) => c.cc === 'FEYYY')).toMatchObject({ scanRisk: '32990', riskMargin: '32435' });
    expect(a.client).toMatchObject({ multiplier: '1.33', total: '53189', maintenance: '42551' });
    expect(a.client.totals).toEqual([{ clearingHouse: 'HKCC', currency: 'HKD', total: '53189', maintenance: '42551' }]);
    // 11,420 × 1.33 = 15,188.6; 32,435 × 1.33 = 43,138.55 capped at LOV 38,000
    expect(a.client.combinedCommodities.find((c) => c.cc === 'FEXXX')).toMatchObject({
      clearingHouse: 'HKCC', riskMargin: '15188.6', capped: false, mtm: '0', requirement: '15188.6',
    });
    expect(a.client.combinedCommodities.find((c) => c.cc === 'FEYYY')).toMatchObject({
      riskMargin: '43138.55', longOptionValue: '38000', capped: true, requirement: '38000',
    });
  });

  it('holds a long and a short side under gross, each CC figure their sum (HKCC case 3 gross FEXXX 143,260)', () => {
    const fexxx = account('HKCC-3-gross').clearingHouses[0]?.combinedCommodities.find((c) => c.cc === 'FEXXX');
    expect(fexxx?.riskMargin).toBe('143260');
    expect(fexxx?.sides.map((s) => s.side)).toEqual(['long', 'short']);
    const sum = (fexxx?.sides ?? []).reduce((n, s) => n + BigInt(s.riskMargin), 0n);
    expect(String(sum)).toBe('143260');
    expect(account('HKCC-3-gross').client.total).toBe('228536');
  });

  it('writes SEOCH MTM into the requirement (case 4 net: MTM 338 = 470 − 132)', () => {
    const a = account('SEOCH-4-net');
    expect(a.clearingHouseTotalHkd).toBe('2198');
    const sehex = a.clearingHouses[0]?.combinedCommodities.find((c) => c.cc === 'SEHEX');
    expect(sehex).toMatchObject({ mtm: '338', longOptionValue: '132', shortOptionValue: '470' });
    expect(a.client.total).toBe('2802');
  });

  it("is the engine's sheet JSON plus the client block: nothing renamed", () => {
    const engine = sheetToJson(runOf(report));
    const withoutClient = {
      ...json,
      accounts: json.accounts.map(({ client: _client, ...rest }) => rest),
    };
    expect(withoutClient).toEqual(JSON.parse(JSON.stringify(engine)));
  });
});
