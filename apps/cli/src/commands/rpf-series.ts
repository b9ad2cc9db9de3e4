import { Command } from 'commander';
import { describeSeries, resolveSeries } from '@marginkit/rpf';
import type { SeriesDetail } from '@marginkit/rpf';
import type { Io } from '../io';
import { loadCatalogue, loadRpf, rpfBlock, rpfChoiceOptions } from '../load';
import type { RpfChoice } from '../load';
import { badInput } from '../cli-error';

export function rpfSeriesCommand(io: Io): Command {
  const command = new Command('series')
    .description('show one series of an RPF: identity, the 16 risk-array values, delta, volatility, settlement price, B-record parameters')
    .argument('<file>', 'an RPF .lis file or an RPF_yymmdd.zip')
    .argument('<code>', 'an HKEX series code, e.g. XXXM8, XXX17400R8, HEX165.00U7')
    .requiredOption('--catalogue <file>', 'contract catalogue (CSV or JSON): multipliers and price decimals')
    .option('--cc <cc>', 'the combined commodity the code must belong to')
    .option('--json', 'print JSON');
  for (const o of rpfChoiceOptions()) command.addOption(o);
  return command
    .addHelpText(
      'after',
      `
Example (from a checkout):
  $ marginkit rpf series fixtures/rpf/small.lis XXXV6 --catalogue fixtures/catalogue/hkex-2016-sample.csv
  XXXV6  FEXXX  HKD  (final RPF of 2016-09-30 18:30, small.lis)
    commodity                   XXX (underlying XXX), FUT future
    futures month               201610
    settlement price            23150
    composite delta             1.0000
    risk array (HKD, one long contract, + = loss):
       1       0     9   40300
       2       0    10   40300
       3  -20150    11  -60450
    …
  Risk-array values are the loss (+) or gain (-) of ONE long contract in the CC's currency,
  scaled by the CC's risk exponent and decimal locator. An RPF_yymmdd.zip takes
  --rpf-kind/--rpf-time (default: final, else early, else the latest intra-day file).

Exit codes: 0 ok; 1 bad file, bad catalogue or unknown series (the message names the closest
series); 2 usage.`,
    )
    .action(async (file: string, code: string, opts: RpfChoice & { catalogue: string; cc?: string; json?: boolean }) => {
      const [{ rpf }, catalogue] = await Promise.all([loadRpf(file, opts), loadCatalogue(opts.catalogue)]);
      const found = resolveSeries(code, rpf, catalogue, opts.cc === undefined ? {} : { cc: opts.cc });
      if (!found.ok) throw badInput(found.errors);
      const detail = describeSeries(found.value, rpf, catalogue);
      const block = rpfBlock(rpf);
      if (opts.json === true) {
        // Absent values (no B record, commodity not in the catalogue) print as null, not vanish.
        io.out(`${JSON.stringify({ rpf: block, ...detail }, (_k, v: unknown) => (v === undefined ? null : v))}\n`);
        return;
      }
      const source = `${block.kind} RPF of ${block.businessDate} ${block.businessTime}${block.file === null ? '' : `, ${block.file}`}`;
      io.out(`${detail.code ?? code}  ${detail.cc}  ${detail.currency}  (${source})\n${text(detail)}`);
    });
}

function text(d: SeriesDetail): string {
  const right = d.right === 'C' ? 'call' : d.right === 'P' ? 'put' : 'future';
  const rows: [string, string][] = [
    ['commodity', `${d.commodity} (underlying ${d.underlying}), ${d.productType} ${right}`],
    ['futures month', `${d.futuresMonth}${d.futuresDayWeek.trim() === '' ? '' : ` ${d.futuresDayWeek}`}`],
  ];
  if (d.right !== '') {
    rows.push(
      ['option month', `${d.optionMonth}${d.optionDayWeek.trim() === '' ? '' : ` ${d.optionDayWeek}`}`],
      ['strike', d.strike ?? '(commodity not in catalogue)'],
    );
  }
  rows.push(
    ['settlement price', d.settlementPrice ?? '(commodity not in catalogue)'],
    ['composite delta', d.compositeDelta],
    ['implied volatility', d.impliedVolatility],
  );
  const lines = rows.map(([k, v]) => `  ${k.padEnd(28)}${v}`);
  lines.push(`  risk array (${d.currency}, one long contract, + = loss):`);
  const width = Math.max(...d.riskArray.map((v) => v.length));
  for (let k = 0; k < 8; k++) {
    const a = d.riskArray[k] ?? '';
    const b = d.riskArray[k + 8] ?? '';
    lines.push(`    ${String(k + 1).padStart(2)}  ${a.padStart(width)}    ${String(k + 9).padStart(2)}  ${b.padStart(width)}`);
  }
  const p = d.arrayParameters;
  if (p === undefined) {
    lines.push('  array parameters (record B): none in this file');
  } else {
    lines.push('  array parameters (record B):');
    const params: [string, string][] = [
      ['base volatility', p.baseVolatility],
      ['volatility scan range', p.volatilityScanRange],
      ['price scan range', p.priceScanRange],
      ['extreme move multiplier', p.extremeMoveMultiplier],
      ['extreme move covered fraction', p.extremeMoveCoveredFraction],
      ['interest rate', p.interestRate],
      ['time to expiration (years)', p.timeToExpiration],
      ['look-ahead time', p.lookAheadTime],
      ['delta scaling factor', p.deltaScalingFactor],
      ['expiration date', p.expirationDate === '' ? '(blank)' : p.expirationDate],
      ['dividend yield', p.dividendYield],
    ];
    for (const [k, v] of params) lines.push(`    ${k.padEnd(30)}${v}`);
  }
  return `${lines.join('\n')}\n`;
}
