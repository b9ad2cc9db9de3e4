/**
 * Errors as values: parsers return a `Result` and never throw for bad input; only the apps
 * (CLI, API, worker) turn errors into exit codes or HTTP statuses.
 */
export type Result<T, E, W = never> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly W[] }
  | { readonly ok: false; readonly errors: readonly E[]; readonly warnings: readonly W[] };

export function ok<T, W = never>(value: T, warnings: readonly W[] = []): Result<T, never, W> {
  return { ok: true, value, warnings };
}

export function err<E, W = never>(errors: readonly E[], warnings: readonly W[] = []): Result<never, E, W> {
  return { ok: false, errors, warnings };
}
