// Debian's chromium (or CHROMIUM_PATH) through playwright-core, quiet on a closed network; as root it needs
// --no-sandbox. Shared by the end-to-end, package and server tests, the benchmarks and web-test-runner's config.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A headless browser with the shared flags and `extra` ones (`--autoplay-policy=…`, say). */
export function launchChromium(extra = []) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...extra] });
}
