import { Command, InvalidArgumentError, Option } from 'commander';
import { formatExact, whatIfRows } from '@marginkit/reporting';
import { whatIfToJson } from '@marginkit/risk-engine';
import type { Money, PositionRow, RpfProvenance, WhatIfResult } from '@marginkit/risk-engine';
import { CliError, EXIT_BAD_INPUT, usage } from '../cli-error';
import type { Io } from '../io';
import { count, everyError, loadPrimeInputs, primeInputOptions } from '../prime-inputs';
import type { PrimeInputFlags } from '../prime-inputs';

/** One `--trade CC:SERIES:QTY`, as written and split. */
interface TradeArg {
  readonly text: string;
  readonly cc: string;
  readonly series: string;
  readonly quantity: number;
}

interface WhatIfFlags extends PrimeInputFlags {
  readonly trade: readonly TradeArg[];
  readonly account?: string;
  readonly format: 'json' | 'table';
}

const TRADE = /^([^:]*):([^:]*):([^:]*)$/;

/** `--trade` may be repeated: each adds one trade, applied in the order given. */
function collectTrade(value: string, previous: readonly TradeArg[] | undefined): TradeArg[] {
  const m = TRADE.exec(value.trim());
  if (m === null) throw new InvalidArgumentError('expected CC:SERIES:QTY, e.g. FEXXX:XXXM8:-1 (the CC may be empty: :XXXM8:-1)');
  const [, cc = '', series = '', qty = ''] = m;
  if (!/^[A-Z0-9]{0,6}$/.test(cc)) throw new InvalidArgumentError(`CC ${JSON.stringify(cc)} is not a CC code of 1-6 capital letters or digits (or empty)`);
  if (series === '') throw new InvalidArgumentError('the series is missing: CC:SERIES:QTY, e.g. FEXXX:XXXM8:-1');
  const quantity = /^[+-]?\d+$/.test(qty) ? Number(qty) : Number.NaN;
  if (!Number.isSafeInteger(quantity)) {
    throw new InvalidArgumentError(`quantity ${JSON.stringify(qty)} is not a whole number of contracts (+ buy, − sell) within ±(2^53 − 1)`);
  }
  if (quantity === 0) throw new InvalidArgumentError('a trade of 0 contracts changes nothing');
  return [...(previous ?? []), { text: value, cc, series, quantity }];
}

export function whatifCommand(io: Io): Command {
  const command = new Command('whatif').description(
    "margin one account's positions, then again after each trade in turn: the increment of each trade and the margin benefit of the final portfolio",
  );
  for (const o of primeInputOptions()) command.addOption(o);
  return command
    .addOption(new Option('--trade <CC:SERIES:QTY>', 'a trade to add (repeatable, applied in order), e.g. FEXXX:XXXM8:-1').argParser(collectTrade).makeOptionMandatory())
    .option('--account <account>', 'the account of the positions file (needed when it holds more than one)')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .addHelpText(
      'after',
      `
Example (from a checkout): HKEX's HKCC case 2 built from case 1 by two trades
  $ marginkit whatif --rpf fixtures/hkex-2016-sample/rpf______-_____-__-_____-160930.lis \\
      --catalogue fixtures/hkex-2016-sample/catalogue.csv --positions fixtures/hkex-2016-sample/positions.csv \\
      --account HKCC-1-net --trade FEYYY:YYY6800R7:10 --trade FEYYY:YYY6900R7:4
  What-if for account HKCC-1-net, basis net (final RPF of 2016-09-30 18:30, rpf______-_____-__-_____-160930.lis)
  Money in HKD.
  Step  Trade                Clearing house  Incremental   Client  Incremental
  0     positions                   342,300               455,259
  1     FEYYY YYY6800R7 +10         375,290      +32,990  493,259      +38,000
  2     FEYYY YYY6900R7 +4          389,918      +14,628  510,259      +17,000

  Margin benefit of the final portfolio (each position margined alone, less the portfolio):
  clearing house 0, client 0

  --format json prints cli-contract.md's document:
  {"schemaVersion":1,"rpf":{…},"account":"HKCC-1-net","basis":"net","steps":[{"trade":null,
   "clearingHouseTotalHkd":"342300","clientTotal":"455259"},…],"marginBenefit":{"clearingHouse":"0","client":"0"}}

Exit codes: 0 ok; 1 bad input (a bad positions row, or a trade whose series the RPF cannot
margin, each on its own line); 2 usage (a malformed --trade, several accounts and no --account).`,
    )
    .action(async (flags: WhatIfFlags) => {
      const { ctx, rows } = await loadPrimeInputs(io, flags);
      const account = chooseAccount(rows, flags);

      const result = whatIfRows(
        ctx,
        rows,
        flags.trade.map((t) => ({ cc: t.cc, series: t.series, quantity: t.quantity, file: `--trade ${t.text}` })),
        {
          account,
          basis: flags.basis,
          // The run's settings were checked when the options were parsed, and an account's own
          // multiplier by the positions loader, so the client hook's throw is out of reach.
          ...(flags.multiplier === undefined ? {} : { multiplier: flags.multiplier }),
          ...(flags.maintenanceRatio === undefined ? {} : { maintenanceRatio: flags.maintenanceRatio }),
        },
      );
      if (!result.ok) {
        const trades = result.errors[0]?.input === 'trades';
        const what = trades ? 'trade' : 'position';
        throw everyError(io, result.errors, `${count(result.errors.length, what)}${trades ? '' : ` of account ${account}`} cannot be margined`);
      }
      io.out(flags.format === 'json' ? `${JSON.stringify(whatIfToJson(ctx.provenance, result.value))}\n` : table(ctx.provenance, result.value));
    });
}

/** The only account of the file, or --account (which must be in it when the file holds any). */
function chooseAccount(rows: readonly PositionRow[], flags: WhatIfFlags): string {
  const accounts = [...new Set(rows.map((r) => r.account))];
  const list = (xs: readonly string[]) => (xs.length <= 10 ? xs.join(', ') : `${xs.slice(0, 10).join(', ')}, … (${xs.length} in all)`);
  if (flags.account !== undefined) {
    if (accounts.length > 0 && !accounts.includes(flags.account)) {
      throw new CliError(`${flags.positions}: no account ${JSON.stringify(flags.account)} (the file holds ${list(accounts)})`, EXIT_BAD_INPUT);
    }
    return flags.account;
  }
  if (accounts.length > 1) throw usage(`${flags.positions} holds ${accounts.length} accounts (${list(accounts)}): choose one with --account`);
  return accounts[0] ?? '';
}

function table(rpf: RpfProvenance, w: WhatIfResult): string {
  const signed = (x: Money | undefined) => (x === undefined ? '' : `${x.isPositive() && !x.isZero() ? '+' : ''}${formatExact(x)}`);
  const cells = w.steps.map((s, i) => [
    String(i),
    s.trade === null ? 'positions' : `${s.trade.cc} ${s.trade.series} ${s.trade.quantity > 0 ? '+' : ''}${s.trade.quantity}`,
    formatExact(s.clearingHouseTotalHkd),
    signed(s.incrementalClearingHouse),
    s.clientTotal === undefined ? '' : formatExact(s.clientTotal),
    signed(s.incrementalClient),
  ]);
  const header = ['Step', 'Trade', 'Clearing house', 'Incremental', 'Client', 'Incremental'];
  const right = [false, false, true, true, true, true];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const source = `${rpf.kind} RPF of ${rpf.businessDate} ${rpf.businessTime}${rpf.fileName === undefined ? '' : `, ${rpf.fileName}`}`;
  const b = w.marginBenefit;
  return [
    `What-if for account ${w.account === '' ? '(none)' : w.account}, basis ${w.basis} (${source})`,
    'Money in HKD.',
    line(header),
    ...cells.map(line),
    '',
    'Margin benefit of the final portfolio (each position margined alone, less the portfolio):',
    `clearing house ${formatExact(b.clearingHouse)}${b.client === undefined ? '' : `, client ${formatExact(b.client)}`}`,
    '',
  ].join('\n');
}
