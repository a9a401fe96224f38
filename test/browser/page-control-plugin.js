// A web-test-runner plugin for the notification tests: grants the Notification permission to the test page and hides
// or shows it for real, by bringing another tab to the front (the page's visibilityState follows, as for a user
// switching tabs). Reached through `executeServerCommand('page', { op })`.
const blanks = new Map();

export function pageControlPlugin() {
  return {
    name: 'page-control',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page') return undefined;
      const page = session.browser.getPage(session.id);
      if (payload.op === 'grant-notifications') {
        await page.browserContext().overridePermissions(new URL(page.url()).origin, ['notifications']);
        return true;
      }
      if (payload.op === 'hide') {
        const blank = blanks.get(session.id) ?? (await page.browserContext().newPage());
        blanks.set(session.id, blank);
        await blank.bringToFront();
        return page.evaluate(() => document.visibilityState);
      }
      if (payload.op === 'show') {
        await page.bringToFront();
        const blank = blanks.get(session.id);
        blanks.delete(session.id);
        await blank?.close();
        return page.evaluate(() => document.visibilityState);
      }
      throw new Error(`unknown page op ${payload.op}`);
    },
  };
}
