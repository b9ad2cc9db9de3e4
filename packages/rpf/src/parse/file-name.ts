import type { FileKind } from '../model';

/** What an HKEX RPF file name says about the file. */
export interface RpfFileNameInfo {
  readonly kind: FileKind;
  /** `YYYY-MM-DD` */
  readonly businessDate: string;
  /** `HH:MM` for intra-day files; early and final names carry no time. */
  readonly businessTime: string | undefined;
}

// rpi______-_____-__-_____-yymmdd-hhmm.lis, rpp…-yymmdd.lis, rpf…-yymmdd.lis (literal underscores).
const NAME = /^rp([ipf])______-_____-__-_____-(\d{2})(\d{2})(\d{2})(?:-(\d{2})(\d{2}))?\.lis$/i;

/**
 * Kind, business date and time from an HKEX RPF file name (a path is reduced to its base
 * name), or undefined when the name does not follow HKEX's naming. Years are 20yy.
 */
export function parseRpfFileName(name: string): RpfFileNameInfo | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = NAME.exec(base);
  if (m === null) return undefined;
  const [, letter, yy, mm, dd, hh, mi] = m;
  const kind: FileKind = letter!.toLowerCase() === 'i' ? 'intraday' : letter!.toLowerCase() === 'p' ? 'early' : 'final';
  // Only intra-day names carry a time, and they must.
  if ((kind === 'intraday') !== (hh !== undefined)) return undefined;
  if (!between(mm!, 1, 12) || !between(dd!, 1, 31)) return undefined;
  if (hh !== undefined && (!between(hh, 0, 23) || !between(mi!, 0, 59))) return undefined;
  return { kind, businessDate: `20${yy}-${mm}-${dd}`, businessTime: hh === undefined ? undefined : `${hh}:${mi}` };
}

function between(digits: string, lo: number, hi: number): boolean {
  const v = (digits.charCodeAt(0) - 48) * 10 + (digits.charCodeAt(1) - 48);
  return v >= lo && v <= hi;
}
