import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (deploy/local/ensure-chromium.sh installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The browser of the browser tests: no browser is downloaded by a package (playwright-core
 * drives the system's chromium), headless, without the sandbox (tests run as root in CI) and
 * without the background traffic a first run would start.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: run deploy/local/ensure-chromium.sh`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * What a page shows of trouble, as it happens: uncaught script errors, dialogs (dismissed) and
 * Content-Security-Policy violations. Call before the first navigation; a test that renders
 * hostile text expects none (the rendering stopped it, not the policy).
 */
export async function watchPageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.exposeFunction('reportCspViolation', (directive: string) =>
    problems.push(`csp: ${directive}`),
  );
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective));",
  );
  return problems;
}
