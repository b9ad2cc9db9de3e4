import { Command } from 'commander';
import type { RiskParameterFile, RpfWarning } from '@marginkit/rpf';
import type { Io } from '../io';
import { readRpfsForInspection } from '../load';

/** The per-file JSON object of cli-contract.md (`file` and the warnings' shape are ours). */
export interface RpfInspection {
  readonly file: string | null;
  readonly kind: RiskParameterFile['header']['kind'];
  readonly businessDate: string;
  readonly businessTime: string;
  readonly combinedCommodities: number;
  readonly series: number;
  readonly warnings: readonly { type: string; recordType: string; line: number; count: number; message: string }[];
}

export function rpfInspectCommand(io: Io): Command {
  return new Command('inspect')
    .description('summarise an RPF (.lis) or every RPF in an RPF_yymmdd.zip: kind, business date and time, counts, warnings')
    .argument('<file>', 'an RPF .lis file or an RPF_yymmdd.zip')
    .option('--json', 'print JSON (an array for a zip)')
    .addHelpText(
      'after',
      `
Examples (from a checkout):
  $ marginkit rpf inspect fixtures/rpf/small.lis
  small.lis
    kind                  final
    business date         2016-09-30 18:30
    combined commodities  4
    series                5
    warnings              none
  $ marginkit rpf inspect RPF_160930.zip --json
  [{"file":"rpi______-_____-__-_____-160930-1130.lis","kind":"intraday","businessDate":"2016-09-30","businessTime":"11:30",…},
   {"file":"rpf______-_____-__-_____-160930.lis","kind":"final","businessDate":"2016-09-30","businessTime":"18:30","combinedCommodities":4,"series":5,"warnings":[]}]

Exit codes: 0 ok; 1 malformed or unreadable file (one line naming file:line:column); 2 usage.`,
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      const loaded = await readRpfsForInspection(file);
      const inspections = loaded.files.map((f) => inspection(f.rpf, f.warnings));
      if (opts.json === true) {
        io.out(`${JSON.stringify(loaded.zip ? inspections : inspections[0])}\n`);
      } else {
        io.out(inspections.map(text).join('\n'));
      }
    });
}

function inspection(rpf: RiskParameterFile, warnings: readonly RpfWarning[]): RpfInspection {
  return {
    file: rpf.source.fileName ?? null,
    kind: rpf.header.kind,
    businessDate: rpf.header.businessDate,
    businessTime: rpf.header.businessTime,
    combinedCommodities: rpf.combinedCommodities.length,
    series: rpf.series.length,
    warnings: warnings.map((w) => ({ type: w._tag, recordType: w.recordType, line: w.line, count: w.count, message: w.message })),
  };
}

function text(i: RpfInspection): string {
  const rows: [string, string][] = [
    ['kind', i.kind],
    ['business date', `${i.businessDate} ${i.businessTime}`],
    ['combined commodities', String(i.combinedCommodities)],
    ['series', String(i.series)],
    ['warnings', i.warnings.length === 0 ? 'none' : String(i.warnings.length)],
  ];
  const lines = [i.file ?? '<input>', ...rows.map(([k, v]) => `  ${k.padEnd(22)}${v}`)];
  for (const w of i.warnings) lines.push(`    ${w.message}`);
  return `${lines.join('\n')}\n`;
}
