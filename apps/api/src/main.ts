import { hashApiKey, newApiKey } from './api-keys';
import { ConfigError, loadConfig } from './config';
import { buildServer } from './server';

/**
 * `marginkit-api` (from a checkout: `pnpm api`): starts the service with the configuration of
 * the environment; `marginkit-api hash-key [KEY]` prints the digest of a key for
 * MARGINKIT_API_KEYS (the key from the argument, or from standard input).
 */
async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'hash-key') return hashKey(argv[1]);
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('usage: marginkit-api            start the service (configured by environment, see README)\n       marginkit-api hash-key [KEY]  print the sha256 digest of KEY (or of stdin) for MARGINKIT_API_KEYS\n');
    return 0;
  }
  let config = loadConfig();
  if (config.apiKeyHashes.length === 0) {
    // Never open without keys: a key for this run only, told to whoever started it.
    const key = newApiKey();
    config = { ...config, apiKeyHashes: [hashApiKey(key).slice('sha256:'.length)] };
    process.stderr.write(`marginkit-api: no API keys configured (MARGINKIT_API_KEYS / MARGINKIT_API_KEYS_FILE); this run's key is\n  ${key}\n`);
  }
  const app = await buildServer(config);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error(`requests still in flight after ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        app.log.error({ err: e }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  return -1;
}

async function hashKey(key: string | undefined): Promise<number> {
  let text = key;
  if (text === undefined) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (text === '') {
    process.stderr.write('marginkit-api hash-key: the key is empty\n');
    return 2;
  }
  process.stdout.write(`${hashApiKey(text)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`marginkit-api: ${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
