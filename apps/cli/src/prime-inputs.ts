import { InvalidArgumentError, Option } from 'commander';
import { clientMargin } from '@marginkit/client-margin';
import { preparePrime, readPositions } from '@marginkit/risk-engine';
import type { Basis, PositionRow, PrimeContext } from '@marginkit/risk-engine';
import { CliError, EXIT_BAD_INPUT } from './cli-error';
import type { Io } from './io';
import { loadCatalogue, loadRpf, rpfChoiceOptions } from './load';
import type { RpfChoice } from './load';

/**
 * What `margin` and `whatif` share: the RPF + catalogue + positions inputs and the client-margin
 * settings, as commander options, and loading them into an engine context. No domain logic: the
 * packages parse and validate; this turns their error values into the CLI's failures.
 */

export interface PrimeInputFlags extends RpfChoice {
  readonly rpf: string;
  readonly catalogue: string;
  readonly positions: string;
  readonly basis: Basis;
  readonly multiplier?: string;
  readonly maintenanceRatio?: string;
  readonly quiet?: boolean;
}

export function primeInputOptions(): Option[] {
  return [
    new Option('--rpf <file>', 'HKEX Risk Parameter File: a .lis, or an RPF_yymmdd.zip').makeOptionMandatory(),
    new Option('--catalogue <file>', 'contract catalogue (CSV or JSON): clearing house, CC, multiplier, price decimals per commodity').makeOptionMandatory(),
    new Option('--positions <file>', 'positions (CSV or JSON): account,cc,series,quantity[,basis][,multiplier]').makeOptionMandatory(),
    new Option('--basis <basis>', "margining basis of accounts whose rows give none (a 'basis' column overrides it)").choices(['net', 'gross']).default('net'),
    new Option('--multiplier <m>', "client margin multiplier (default 1.33; a 'multiplier' column overrides it per account)").argParser(settingParser('multiplier')),
    new Option('--maintenance-ratio <r>', 'client maintenance margin ratio (default 0.8)').argParser(settingParser('maintenanceRatio')),
    ...rpfChoiceOptions(),
    new Option('--quiet', 'no progress bar and no warnings on stderr (errors are still printed)'),
  ];
}

/** Checks a client-margin setting with the client rules' own validation (exit 2 when bad). */
function settingParser(setting: 'multiplier' | 'maintenanceRatio'): (value: string) => string {
  return (value) => {
    const checked = clientMargin([], { [setting]: value });
    if (!checked.ok) throw new InvalidArgumentError(checked.errors.map((e) => e.message).join('; '));
    return value;
  };
}

export interface PrimeInputs {
  readonly ctx: PrimeContext;
  readonly rows: readonly PositionRow[];
}

export async function loadPrimeInputs(io: Io, flags: PrimeInputFlags): Promise<PrimeInputs> {
  const [{ rpf, warnings }, catalogue, rows] = await Promise.all([
    loadRpf(flags.rpf, flags),
    loadCatalogue(flags.catalogue),
    loadPositionRows(io, flags.positions),
  ]);
  if (flags.quiet !== true) for (const w of warnings) io.err(`marginkit: warning: ${w.message}\n`);
  return { ctx: preparePrime(rpf, catalogue), rows };
}

async function loadPositionRows(io: Io, path: string): Promise<readonly PositionRow[]> {
  const r = await readPositions(path);
  if (!r.ok) throw everyError(io, r.errors, `${path}: ${count(r.errors.length, 'error')} in the positions file`);
  return r.value;
}

/**
 * Bad input where the user needs every problem at once (a positions file with 40 bad rows should
 * not take 40 runs to fix): each error on its own stderr line, then `summary` as the failure.
 */
export function everyError(io: Io, errors: readonly { readonly message: string }[], summary: string): CliError {
  for (const e of errors) io.err(`marginkit: ${e.message.replace(/\r?\n/g, ' ')}\n`);
  return new CliError(summary, EXIT_BAD_INPUT);
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
