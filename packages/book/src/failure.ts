import type { ClientMarginError } from '@marginkit/client-margin';
import type { PositionError, PositionFileError } from '@marginkit/risk-engine';

/**
 * Why an account has no result. A book run never drops an account silently: each one is either
 * in the results or in the failures (the run's dead-letter list), with every reason found.
 */
export interface FailureReason {
  /** The error's tag (`InvalidValue`, `UnknownSeries`, `InvalidMultiplier`, `ChunkFailed`, …). */
  readonly reason: string;
  readonly file: string | null;
  /** 0 when not tied to a line. */
  readonly line: number;
  readonly field: string;
  readonly value: string;
  /** One line for a human, naming file, line, field and value where they are known. */
  readonly message: string;
}

export interface AccountFailure {
  readonly account: string;
  /** The chunk (bucket) that held the account. */
  readonly chunk: number;
  readonly reasons: readonly FailureReason[];
}

export function fileErrorReason(e: PositionFileError): FailureReason {
  return { reason: e._tag, file: e.file ?? null, line: e.line, field: e.field, value: e.value, message: e.message };
}

export function positionErrorReason(e: PositionError): FailureReason {
  return { reason: e._tag, file: e.file ?? null, line: e.line, field: e.field, value: e.value, message: e.message };
}

export function clientErrorReason(e: ClientMarginError): FailureReason {
  return { reason: e._tag, file: null, line: 0, field: e.field, value: e.value, message: e.message };
}

/** A failure that is not about the input: an engine exception, or a chunk that could not be run. */
export function problemReason(reason: string, message: string): FailureReason {
  return { reason, file: null, line: 0, field: '', value: '', message };
}
