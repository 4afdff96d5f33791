/**
 * A real browser for tests: Debian's `chromium` package driven by `playwright-core`. No
 * browser is ever downloaded; when the package is missing the tests fail and say how to
 * install it (CI installs it), instead of skipping silently.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-less headless run (containers have no user namespaces). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium, or throws with installation instructions when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} does not exist. The browser tests need Debian's Chromium: run ` +
        '`sudo apt-get install chromium` (CI installs it; these tests never download a browser).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What a page did that a self-contained, inert report page must not do. */
export interface PageActivity {
  /** `console.error` messages, including CSP violations Chromium reports there. */
  readonly consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[];
  /** Every URL the page requested, the page itself included. */
  readonly requests: string[];
  /** Messages of `alert`, `confirm`, `prompt` or `beforeunload` dialogs (each is dismissed). */
  readonly dialogs: string[];
}

/** Records console errors, page errors, requests and dialogs of `page` from now on. */
export function watchPage(page: Page): PageActivity {
  const activity: PageActivity = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') activity.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => activity.pageErrors.push(error.message));
  page.on('request', (request) => activity.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    activity.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return activity;
}

/** Where CI picks up screenshots and other artifacts of the browser tests; git-ignored. */
export const RESULTS_DIR = join(process.cwd(), 'test-results');

/** A page opened by {@link openPageWatched}, with what it has done since before it loaded. */
export interface WatchedPage {
  readonly page: Page;
  readonly activity: PageActivity;
  /** The `file://` URL the page was opened from. */
  readonly url: string;
}

/**
 * Writes `html` to `file`, opens it over file:// in a new 1400×1000 page of `browser` (watched
 * with {@link watchPage} from before it loads) and waits up to `renderTimeoutMs` until the page
 * says it is done by setting `data-rendered` on its body.
 */
export async function openPageWatched(
  browser: Browser,
  file: string,
  html: string,
  renderTimeoutMs: number,
): Promise<WatchedPage> {
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const activity = watchPage(page);
  await page.goto(url);
  await page.waitForSelector('body[data-rendered]', { state: 'attached', timeout: renderTimeoutMs });
  return { page, activity, url };
}

/** One test file's browser and scratch folder, from {@link useBrowserPages}. */
export interface BrowserPages {
  /** The scratch folder, removed after the file's tests ('' before they start). */
  workDir(): string;
  /** Writes `html` to `<workDir>/<name>.html` and opens it with {@link openPageWatched}. */
  open(name: string, html: string): Promise<WatchedPage>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start Chromium and make a scratch folder named
 * after `tmpPrefix`, and close and remove them after the file's tests.
 */
export function useBrowserPages(tmpPrefix: string, renderTimeoutMs: number): BrowserPages {
  let browser: Browser | undefined;
  let workDir = '';

  beforeAll(async () => {
    browser = await launchChromium();
    workDir = mkdtempSync(join(tmpdir(), tmpPrefix));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
  });

  return {
    workDir: () => workDir,
    async open(name, html) {
      if (!browser) throw new Error('the browser did not start');
      return openPageWatched(browser, join(workDir, `${name}.html`), html, renderTimeoutMs);
    },
  };
}

/** Whitespace-collapsed text, as a reader sees it. */
export function normaliseShownText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\u0085]/gu, ' ')
    .replace(/\u200C/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
