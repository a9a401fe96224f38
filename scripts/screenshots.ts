// `node --import tsx scripts/screenshots.ts` (after `npm run build`): the README's and docs/screenshots/' pictures
// of the demo page with a few messages, desktop (1280×800) and phone (375×740), light and dark, left to right (English)
// and right to left (Arabic), each clipped to the widgets; and axe on the whole demo page in both schemes.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../server/config.ts';
import { launchChromium } from '../test/chromium.js';
import { startRoomServer } from '../test/room-server-process.js';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });
const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const server = await startRoomServer(
  { DEMO: '1', ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET },
  { compiled: true },
);
const browser: Browser = await launchChromium();
const failures: string[] = [];
/** `SHOTS=person`: only the presenting pictures. */
const only = process.env.SHOTS;
const SCHEMES = only === 'person' ? [] : (['light', 'dark'] as const);

async function open(room: string, as: string, scheme: 'light' | 'dark', size: { width: number; height: number }) {
  const context = await browser.newContext({ viewport: size, colorScheme: scheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(`${server.url}/?room=${room}&as=${as}`);
  await page.waitForFunction(() => document.querySelector('room-chat')?.shadowRoot?.querySelector('textarea:enabled'));
  return page;
}

const send = (page: Page, text: string) =>
  page.evaluate(
    (t) => (document.querySelector('room-chat') as unknown as { send(t: string): Promise<boolean> }).send(t),
    text,
  );

for (const scheme of SCHEMES) {
  for (const [dir, locale] of [
    ['ltr', 'en'],
    ['rtl', 'ar'],
  ] as const) {
    for (const [device, size] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 375, height: 740 }],
    ] as const) {
      const room = `shot-${scheme}-${dir}-${device}`;
      const page = await open(room, 'admin-1', scheme, size);
      await page.selectOption('#locale', locale);
      const other = await open(room, 'user-456', scheme, size);
      await send(other, dir === 'rtl' ? 'مرحبا بالجميع!' : 'Hi all, can everyone hear me?');
      await send(other, dir === 'rtl' ? 'سأشارك الشاشة بعد دقيقة.' : 'I will share my screen in a minute.');
      await send(page, dir === 'rtl' ? 'نعم، الصوت واضح.' : 'Loud and clear. The agenda is on https://example.com');
      await page.click('[data-call="pn-1"]');
      await page.click('[data-call="pn-error"]');
      await other.close();
      await page.waitForTimeout(600);
      const name = `${device}-${scheme}-${dir}`;
      if (device === 'desktop') {
        // The chat and, at the window's top corner, the bell with its badge and the toast.
        await page.locator('#chat').screenshot({ path: `${OUT}/chat-${name}.png` });
        const bell = await page.locator('#toasts').boundingBox();
        await page.screenshot({
          path: `${OUT}/notifications-${name}.png`,
          clip: { x: bell!.x, y: bell!.y, width: bell!.width, height: Math.min(bell!.height, 420) },
        });
        // The centre open (the bell pressed), for the README.
        if (dir === 'ltr') {
          await page.click('#toasts >> [part="center-button"]');
          await page.waitForFunction(() =>
            document.querySelector('#toasts')?.shadowRoot?.querySelector('[part="center"]'),
          );
          const box = await page.locator('#toasts').boundingBox();
          await page.screenshot({
            path: `${OUT}/centre-${name}.png`,
            clip: { ...box!, height: Math.min(box!.height, 520) },
          });
          await page.keyboard.press('Escape');
        }
      } else {
        await page.evaluate(() => document.querySelector('#widgets')!.scrollIntoView());
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${OUT}/${name}.png` });
      }
      // axe on the whole demo page, the widgets included (their shadow roots too).
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }>;
            };
          }
        ).axe.run();
        return result.violations.map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      });
      if (violations.length) failures.push(`${name}: ${violations.join('; ')}`);
      await page.context().close();
    }
  }
}
// The chat panel closed: previews of what others write, and who joined, in the toasts (README "In a meeting").
for (const scheme of SCHEMES) {
  const room = `shot-meeting-${scheme}`;
  const page = await open(room, 'admin-1', scheme, { width: 1280, height: 800 });
  await page.evaluate(() => ((document.querySelector('#chat') as HTMLElement).style.display = 'none'));
  const others = [];
  for (const as of ['user-456', 'vip-user-789'])
    others.push(await open(room, as, scheme, { width: 1280, height: 800 }));
  await page.waitForTimeout(300);
  await send(others[0]!, 'Can everyone see my slides?');
  await send(others[1]!, 'Yes, all good here.');
  await send(others[0]!, 'Great, starting now.');
  await page.waitForTimeout(800);
  const box = await page.locator('#toasts').boundingBox();
  await page.screenshot({
    path: `${OUT}/meeting-desktop-${scheme}-ltr.png`,
    clip: { ...box!, height: Math.min(box!.height, 420) },
  });
  for (const other of others) await other.context().close();
  await page.context().close();
}
// Presenting (README "For the person"): a private message blurred in the chat while presenting, and the summary when
// it ends (the catch-up card after an absence is the same card under another title; its test hides a real tab).
const sendTo = (page: Page, text: string, to: string) =>
  page.evaluate(
    ([t, u]) =>
      (document.querySelector('room-chat') as unknown as { send(t: string, u: string): Promise<boolean> }).send(t, u),
    [text, to] as const,
  );
for (const [scheme, device, size, locale] of [
  ['light', 'desktop', { width: 1280, height: 800 }, 'en'],
  ['dark', 'desktop', { width: 1280, height: 800 }, 'en'],
  ['light', 'phone', { width: 375, height: 740 }, 'ar'],
] as const) {
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  const name = `${device}-${scheme}-${dir}`;
  const room = `shot-person-${name}`;
  const page = await open(room, 'user-456', scheme, size);
  await page.selectOption('#locale', locale);
  const other = await open(room, 'vip-user-789', scheme, size);
  await page.evaluate(() =>
    (window as unknown as { RoomWidgets: { setPresenting(on: boolean): void } }).RoomWidgets.setPresenting(true),
  );
  await send(other, 'The numbers for Q3 are on slide 4.');
  await sendTo(other, 'Your salary review moved to Friday.', 'user-456');
  await send(other, '@User can you share the deck?');
  await page.waitForTimeout(800);
  await page.locator('#chat').screenshot({ path: `${OUT}/presenting-chat-${name}.png` });
  await page.evaluate(() =>
    (window as unknown as { RoomWidgets: { setPresenting(on: boolean): void } }).RoomWidgets.setPresenting(false),
  );
  await page.waitForTimeout(600);
  const box = await page.locator('#toasts').boundingBox();
  await page.screenshot({
    path: `${OUT}/presenting-summary-${name}.png`,
    clip: { ...box!, height: Math.min(box!.height, 320) },
  });
  await other.context().close();
  await page.context().close();
}
await browser.close();
await server.stop?.();
console.log(failures.length ? `axe:\n${failures.join('\n')}` : 'axe: no violations on the demo page');
process.exit(0);
