import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); nothing here downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Starts headless Chromium (Playwright gives it a fresh, temporary profile) with the background
 * services that would try to reach the network turned off.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
