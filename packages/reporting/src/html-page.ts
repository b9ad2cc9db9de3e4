import type Decimal from 'decimal.js';
import { escapeHtml as e } from './escape';
import { formatExact, formatMoney, isDisplayRounded } from './format';

/**
 * What every HTML report shares: the self-contained document around its body (inline CSS, no
 * script, a Content-Security-Policy that forbids every fetch, a `data:` favicon so the browser
 * asks for nothing) and the way a money figure is shown in it.
 */
export function htmlDocument(title: string, style: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${e(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A right-aligned money cell; the exact value as its tooltip when the display rounds. */
export function moneyCell(x: Decimal, decimals: number, wrap?: 'strong'): string {
  const text = e(formatMoney(x, decimals));
  const shown = wrap === undefined ? text : `<${wrap}>${text}</${wrap}>`;
  const title = isDisplayRounded(x, decimals) ? ` title="${e(formatExact(x))}"` : '';
  return `<td class="num"${title}>${shown}</td>`;
}
