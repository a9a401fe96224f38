import { expect } from '@open-wc/testing';
import '../define.ts';
import type { RoomChat } from '../components/room-chat/room-chat.ts';
import type { RoomNotifications } from '../components/room-notifications/room-notifications.ts';

const boxes: HTMLElement[] = [];
/** An element with the given direction (as its locale sets it), in a wrapper of the other one: its own wins. */
async function place<K extends 'room-chat' | 'room-notifications'>(
  tag: K,
  dir: 'ltr' | 'rtl',
  attrs: Record<string, string> = {},
) {
  const box = Object.assign(document.createElement('div'), { dir: dir === 'rtl' ? 'ltr' : 'rtl' });
  box.style.width = '600px';
  const el = document.createElement(tag);
  el.setAttribute('dir', dir);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  box.append(el);
  document.body.append(box);
  boxes.push(box);
  await el.updateComplete;
  return el as HTMLElementTagNameMap[K];
}
const rect = (el: Element) => el.getBoundingClientRect();

describe('i18n: right-to-left layout', () => {
  afterEach(() => boxes.splice(0).forEach((b) => b.remove()));

  it("puts the chat composer's send button on the left in right-to-left, on the right otherwise", async () => {
    for (const dir of ['rtl', 'ltr'] as const) {
      const chat: RoomChat = await place('room-chat', dir, { style: 'height: 300px' });
      const send = rect(chat.shadowRoot!.querySelector('[part="send-button"]')!);
      const input = rect(chat.shadowRoot!.querySelector('[part="input"]')!);
      expect(getComputedStyle(chat).direction).to.equal(dir);
      if (dir === 'rtl') expect(send.right, 'send left of the text area').to.be.at.most(input.left);
      else expect(send.left, 'send right of the text area').to.be.at.least(input.right);
    }
  });

  it('mirrors a toast: accent border on the start side, close button at the end, stack in the bottom-left corner', async () => {
    const rtl: RoomNotifications = await place('room-notifications', 'rtl', { 'info-duration': '0' });
    rtl.notify('warning', 'تحذير تجريبي');
    await rtl.updateComplete;
    const toast = rtl.shadowRoot!.querySelector<HTMLElement>('[part~="toast"]')!;
    const style = getComputedStyle(toast);
    expect(style.borderRightWidth).to.equal('4px');
    expect(style.borderLeftWidth).to.equal('1px');
    const close = rect(toast.querySelector('[part="close-button"]')!);
    const text = rect(toast.querySelector('[part="toast-text"]')!);
    expect(close.right).to.be.at.most(text.left);
    expect(rect(rtl).left).to.equal(16);

    const ltr: RoomNotifications = await place('room-notifications', 'ltr', { 'info-duration': '0' });
    ltr.notify('warning', 'a test warning');
    await ltr.updateComplete;
    expect(getComputedStyle(ltr.shadowRoot!.querySelector('[part~="toast"]')!).borderLeftWidth).to.equal('4px');
    expect(Math.round(rect(ltr).right)).to.equal(document.documentElement.clientWidth - 16);
  });

  it("keeps a host's --room-toast-inset in both directions", async () => {
    const el: RoomNotifications = await place('room-notifications', 'rtl', {
      style: '--room-toast-inset: 40px auto auto 40px',
    });
    expect(rect(el).top).to.equal(40);
    expect(rect(el).left).to.equal(40);
  });
});
