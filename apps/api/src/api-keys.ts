import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are stored only as sha256 digests (a leaked config file or environment does not give
 * the keys away). A key is any string a client sends in `X-API-Key` or `Authorization: Bearer`;
 * `marginkit-api hash-key` prints the digest to put in the configuration.
 */

const HASH = /^(?:sha256:)?([0-9a-fA-F]{64})$/;

/** The digest of a key as the configuration holds it: `sha256:<64 hex>`. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** A fresh random key (for a run started without any configured). */
export function newApiKey(): string {
  return `mk_${randomBytes(24).toString('base64url')}`;
}

/**
 * Configured digests (`sha256:<hex>` or bare hex; blank entries skipped) as lower-case hex, or
 * every malformed entry named by `where`.
 */
export function parseKeyHashes(
  entries: readonly { readonly text: string; readonly where: string }[],
): { ok: true; value: string[] } | { ok: false; errors: string[] } {
  const value: string[] = [];
  const errors: string[] = [];
  for (const { text, where } of entries) {
    const t = text.trim();
    if (t === '') continue;
    const m = HASH.exec(t);
    if (m === null) errors.push(`${where}: ${JSON.stringify(t.length > 12 ? `${t.slice(0, 12)}…` : t)} is not a sha256 digest (64 hex digits, optionally prefixed sha256:); hash a key with \`marginkit-api hash-key\``);
    else value.push((m[1] as string).toLowerCase());
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Checks presented keys against the configured digests in constant time per digest. */
export class KeyRing {
  private readonly digests: readonly Buffer[];

  constructor(hexDigests: readonly string[]) {
    this.digests = hexDigests.map((h) => Buffer.from(h, 'hex'));
  }

  /** The matching digest (hex), usable as a client id for rate limits and logs; undefined if none. */
  match(key: string): string | undefined {
    const d = createHash('sha256').update(key, 'utf8').digest();
    let found: Buffer | undefined;
    // Every digest is compared, so the time taken does not say which one matched.
    for (const candidate of this.digests) if (timingSafeEqual(candidate, d)) found = candidate;
    return found?.toString('hex');
  }
}

/** The key a request presents: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string' && direct !== '') return direct;
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m !== null) return m[1];
  }
  return undefined;
}
