/**
 * A real browser for tests: Debian's `chromium` package driven by `playwright-core`. No
 * browser is ever downloaded; when the package is missing the tests fail and say how to
 * install it (CI installs it), instead of skipping silently.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

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
