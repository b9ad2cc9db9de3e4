/**
 * The client figures a CSV record carries for each CC — A before the long-option cap, whether the
 * cap applied, B — read back from the text of the `client` block (`clientMarginJsonText`, which is
 * exactly `JSON.stringify(clientMarginJson(margin))`). A book run writes that text for the JSON
 * line anyway, and client-margin offers these figures otherwise only as Decimals made on demand,
 * which cost several times more than the whole CSV record.
 *
 * Reading a few keys of known JSON is safe here because every `"` inside a JSON string is
 * escaped as `\"`: the searched texts (`,"riskMargin":"`, `,"capped":`, `,"requirement":"`) start
 * with a comma then a quote, which occurs only where a key begins, never inside a CC code. Money is
 * decimal text, which holds no quote. The entries come in the margin's `combinedCommodities` order.
 */

export interface ClientCsvFigures {
  /** A before the cap, as decimal text. */
  readonly riskMargin: string;
  readonly capped: boolean;
  /** B, as decimal text. */
  readonly requirement: string;
}

const RISK_MARGIN = ',"riskMargin":"';
const CAPPED = ',"capped":';
const REQUIREMENT = ',"requirement":"';

/** The CSV figures of each of the first `count` CCs of a client block's JSON text, in order. */
export function clientCsvFigures(clientText: string, count: number): ClientCsvFigures[] {
  const out: ClientCsvFigures[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    const a = after(clientText, RISK_MARGIN, at);
    const aEnd = after(clientText, '"', a) - 1;
    const capped = after(clientText, CAPPED, aEnd);
    const b = after(clientText, REQUIREMENT, capped);
    const bEnd = after(clientText, '"', b) - 1;
    out.push({
      riskMargin: clientText.slice(a, aEnd),
      capped: clientText.charCodeAt(capped) === 0x74 /* t */,
      requirement: clientText.slice(b, bEnd),
    });
    at = bEnd;
  }
  return out;
}

/** The position just after the first `key` at or after `from`. */
function after(text: string, key: string, from: number): number {
  const i = text.indexOf(key, from);
  if (i < 0) throw new Error(`not a client block: no ${key} after position ${from}`);
  return i + key.length;
}
