import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/**
 * An HTML report opened in a real browser: Debian's Chromium, headless, driven by
 * playwright-core (no browser download). `pnpm test` installs it (scripts/system-deps.sh
 * chromium). A missing browser fails the test file: a report nobody opened is not tested.
 */
export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedReport {
  readonly page: Page;
  /** Console errors and warnings, page errors, failed requests: a clean report has none. */
  readonly problems: readonly string[];
  /** Every URL the page asked for (a self-contained report asks only for itself). */
  readonly requests: readonly string[];
  readonly url: string;
  close(): Promise<void>;
}

/** Writes `html` to a temporary file and loads it in headless Chromium at 1200 × 900. */
export async function openInChromium(html: string): Promise<OpenedReport> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML report tests need Debian's chromium. Install it as root with ` +
        '`bash scripts/system-deps.sh chromium` (what `pnpm test` runs) or `apt-get install -y chromium`.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'marginkit-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    const opened = browser;
    return {
      page,
      problems,
      requests,
      url,
      close: async () => {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
