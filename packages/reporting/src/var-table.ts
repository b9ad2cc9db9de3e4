import type { TailMeasure, VarMargin } from '@marginkit/risk-engine';
import { grid, textStyles } from './table';
import { alignedMoney, scenarioSets, scenarioSetText, varComponents, varTitle } from './var-text';

/**
 * `marginkit var --format table`: the scenario sets, HVaR and SVaR per sub-portfolio with the
 * scenarios of each tail (worst first), then every component of var-platform.md down to the
 * total, each with how it is formed. Whole-dollar figures print whole, fractional ones to 2
 * places (the JSON carries every digit).
 */
export interface VarTableOptions {
  /** ANSI bold/dim; default false (the CLI turns it on for a terminal). */
  readonly color?: boolean;
}

export function renderVarTable(m: VarMargin, options: VarTableOptions = {}): string {
  const style = textStyles(options.color === true);
  const pm = m.portfolio;
  const [h, s] = scenarioSets(m);
  const lines = [style.bold(varTitle(m)), `${scenarioSetText(h)}; ${scenarioSetText(s)}`, ''];

  const tail = (x: TailMeasure) => x.scenarios.join(' ');
  const groups = pm.subPortfolios;
  if (groups.length === 0) lines.push('No Tier P positions: no sub-portfolio.');
  else {
    const hvar = alignedMoney(groups.map((g) => g.hvar.value));
    const svar = alignedMoney(groups.map((g) => g.svar.value));
    lines.push(
      ...grid(
        ['Sub-portfolio', 'HVaR', `HVaR tail (k=${h.k})`, 'SVaR', `SVaR tail (k=${s.k})`],
        groups.map((g, i) => [g.id, hvar[i] ?? '', tail(g.hvar), svar[i] ?? '', tail(g.svar)]),
        [false, true, false, true, false],
        style,
      ),
    );
  }
  lines.push('');

  const components = varComponents(m);
  const figures = alignedMoney(components.map((c) => c.value));
  const rows = components.map((c, i) => [c.kind === 'part' ? `  ${c.label}` : c.label, figures[i] ?? '', c.how]);
  const totalFrom = components.findIndex((c) => c.kind === 'total');
  lines.push(...grid(['Component', 'HKD', 'How'], rows, [false, true, false], style, totalFrom < 0 ? Infinity : totalFrom));
  // Trailing padding goes, also inside a styled line's closing escape code.
  return lines.map((l) => l.replace(/ +((?:\u001b\[\d+m)*)$/, '$1')).join('\n') + '\n';
}
