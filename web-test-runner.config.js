import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { roomServerPlugin } from './test/browser/room-server-plugin.js';
import { pageControlPlugin } from './test/browser/page-control-plugin.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './test/chromium.js';

const chromium = (extra = []) =>
  chromeLauncher({
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS, '--headless=new', ...extra],
    },
  });

const BLOCKED = 'test/browser/sound-blocked.test.ts';

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts', `!${BLOCKED}`],
  // `browser: true` keeps Node's `ws` out of the page; the `browser` condition avoids socket.io's debug build.
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    roomServerPlugin(),
    pageControlPlugin(),
  ],
  browsers: [chromium(['--autoplay-policy=no-user-gesture-required'])],
  groups: [{ name: 'sound-blocked', files: [BLOCKED], browsers: [chromium()] }],
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 300_000,
};
