import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { clientMargin } from '@marginkit/client-margin';

/** Option parsers shared by the commands; values are checked by the packages' own rules. */

/** The BullMQ queue of `--redis` runs and workers unless `--queue` names another. */
export const DEFAULT_QUEUE = 'marginkit-book';

export function positiveInteger(name: string, max = 1_000_000): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`);
    return Number(value);
  };
}

export function wholeNumber(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(`${name} must be a whole number`);
    return Number(value);
  };
}

/** A client-margin setting, checked by the client rules' own validation. */
export function clientSetting(setting: 'multiplier' | 'maintenanceRatio'): (value: string) => string {
  return (value) => {
    const checked = clientMargin([], { [setting]: value });
    if (!checked.ok) throw new InvalidArgumentError(checked.errors.map((e) => e.message).join('; '));
    return value;
  };
}

export function hhmm(value: string): string {
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(value)) throw new InvalidArgumentError('expected a time HHMM, e.g. 1130');
  return value;
}

export function redisUrl(value: string): string {
  if (!/^rediss?:\/\//.test(value)) throw new InvalidArgumentError('expected a Redis URL, e.g. redis://127.0.0.1:6379');
  return value;
}

export const DEFAULT_THREADS = availableParallelism();
