import { Option } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readCatalogue, readRpf, readRpfFile, readRpfZipAll } from '@marginkit/rpf';
import type { ContractCatalogue, FileKind, RiskParameterFile, RpfWarning } from '@marginkit/rpf';
import { badInput } from './cli-error';

/**
 * Reading the inputs commands share, turning their errors (values) into the CLI's one-line,
 * exit-code-1 failures. No domain logic: the packages parse and validate.
 */

export function isZip(path: string): boolean {
  return path.toLowerCase().endsWith('.zip');
}

/** Every RPF of a zip (in the zip's order), or the one RPF of a .lis. */
export async function readRpfsForInspection(
  path: string,
): Promise<{ zip: boolean; files: { rpf: RiskParameterFile; warnings: readonly RpfWarning[] }[] }> {
  if (isZip(path)) {
    const r = await readRpfZipAll(path);
    if (!r.ok) throw badInput(r.errors);
    return { zip: true, files: r.value.map((e) => ({ rpf: e.rpf, warnings: r.warnings.filter((w) => w.file === e.rpf.source.fileName) })) };
  }
  const r = await readRpfFile(path);
  if (!r.ok) throw badInput(r.errors);
  return { zip: false, files: [{ rpf: r.value, warnings: r.warnings }] };
}

export interface RpfChoice {
  readonly rpfKind?: FileKind;
  readonly rpfTime?: string;
}

/** One RPF: a .lis, or the file of a zip chosen per rpf-format.md (or by kind / time). */
export async function loadRpf(path: string, choice: RpfChoice = {}): Promise<{ rpf: RiskParameterFile; warnings: readonly RpfWarning[] }> {
  const options = {
    ...(choice.rpfKind === undefined ? {} : { kind: choice.rpfKind }),
    ...(choice.rpfTime === undefined ? {} : { time: choice.rpfTime }),
  };
  const r = await readRpf(path, options);
  if (!r.ok) throw badInput(r.errors);
  return { rpf: r.value, warnings: r.warnings };
}

export async function loadCatalogue(path: string): Promise<ContractCatalogue> {
  const r = await readCatalogue(path);
  if (!r.ok) throw badInput(r.errors);
  return r.value;
}

/** `--rpf-kind` and `--rpf-time`, for commands that take one RPF (cli-contract.md "Input files"). */
export function rpfChoiceOptions(): Option[] {
  return [
    new Option('--rpf-kind <kind>', 'which file of an RPF zip: final, early or intraday (default: final, else early, else latest intra-day)').choices([
      'final',
      'early',
      'intraday',
    ]),
    new Option('--rpf-time <HHMM>', 'which intra-day file of an RPF zip, by business time').argParser((v: string) => {
      if (!/^([01]\d|2[0-3])[0-5]\d$/.test(v)) throw new InvalidArgumentError('expected a time HHMM, e.g. 1130');
      return v;
    }),
  ];
}

/** The provenance block every result carries (cli-contract.md `rpf`). */
export function rpfBlock(rpf: RiskParameterFile): { file: string | null; kind: FileKind; businessDate: string; businessTime: string } {
  return { file: rpf.source.fileName ?? null, kind: rpf.header.kind, businessDate: rpf.header.businessDate, businessTime: rpf.header.businessTime };
}
