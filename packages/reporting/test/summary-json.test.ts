import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marginPortfolio } from '@marginkit/risk-engine';
import { clientMarginForAccount } from '@marginkit/client-margin';
import type { AccountReport, MarginReport, MarginReportJson } from '../src/index';
import { marginReportJson, marginSummaryJson } from '../src/index';
import { randomCase } from '../../risk-engine/test/support/random-market';
import { hkexReport } from './hkex-report';

/** The summary as the full document's fields, with the per-CC parts removed from it. */
function projection(full: MarginReportJson): unknown {
  return {
    ...full,
    accounts: full.accounts.map((a) => {
      const { combinedCommodities: _ccs, ...client } = a.client;
      return {
        account: a.account,
        basis: a.basis,
        clearingHouseTotalHkd: a.clearingHouseTotalHkd,
        clearingHouses: a.clearingHouses.map(({ combinedCommodities: _c, requirementUnrounded: _r, ...h }) => h),
        client,
      };
    }),
  };
}

// HKEX's published totals (fixtures/hkex-2016-sample/expected.json): HKCC case 3 net, clearing
// house 43,855 and client 53,189 at 1.33; its maintenance is 0.8 × 53,189 = 42,551.2 → 42,551.
// SEOCH case 1 net: clearing house 8,485, client 10,067.
describe('marginSummaryJson', () => {
  it('keeps the totals of each account and leaves out the per-CC sheet', async () => {
    const summary = marginSummaryJson(await hkexReport());
    expect(summary.schemaVersion).toBe(1);
    expect(summary.rpf).toMatchObject({ kind: 'final', businessDate: '2016-09-30', businessTime: '18:30' });
    const hkcc3 = summary.accounts.find((a) => a.account === 'HKCC-3-net');
    expect(hkcc3).toEqual({
      account: 'HKCC-3-net',
      basis: 'net',
      clearingHouseTotalHkd: '43855',
      clearingHouses: [{ clearingHouse: 'HKCC', currency: 'HKD', requirement: '43855', hkdRate: '1', requirementHkd: '43855' }],
      client: {
        multiplier: '1.33',
        totals: [{ clearingHouse: 'HKCC', currency: 'HKD', total: '53189', maintenance: '42551' }],
        total: '53189',
        maintenance: '42551',
        maintenanceRatio: '0.8',
      },
    });
    const seoch1 = summary.accounts.find((a) => a.account === 'SEOCH-1-net');
    expect([seoch1?.clearingHouseTotalHkd, seoch1?.client.total]).toEqual(['8485', '10067']);
    expect(JSON.stringify(summary)).not.toContain('combinedCommodities');
  });

  it("is the full document's totals, field for field and in its key order (HKEX's cases, random markets, net and gross)", async () => {
    const hkex = await hkexReport();
    expect(JSON.stringify(marginSummaryJson(hkex))).toBe(JSON.stringify(projection(marginReportJson(hkex))));
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom(undefined, '1.33', '2.5', '0.7'), (g, multiplier) => {
        const { ctx, positions } = randomCase(g);
        const accounts: AccountReport[] = [];
        for (const basis of ['net', 'gross'] as const) {
          const sheet = marginPortfolio(ctx, positions, basis, { account: basis });
          const client = clientMarginForAccount(sheet, multiplier === undefined ? {} : { multiplier });
          if (client.ok) accounts.push({ sheet, client: client.value });
        }
        const report: MarginReport = { rpf: ctx.provenance, accounts, skippedPositions: [] };
        expect(JSON.stringify(marginSummaryJson(report))).toBe(JSON.stringify(projection(marginReportJson(report))));
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });
});
