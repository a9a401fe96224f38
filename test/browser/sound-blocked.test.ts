import { expect } from '@open-wc/testing';
import { cleanup, freshRoom, mountNotifications, room, toasts, until } from './helpers.ts';
import type { RoomSoundDetail } from '../../src/events/events.ts';

/** Runs in a chromium with its default autoplay policy: audio is blocked until the user interacts. */
describe('<room-notifications> when the browser blocks audio', () => {
  afterEach(cleanup);

  it('plays nothing, now or later, and shows a control that enables sound', async function () {
    this.timeout(30_000); // the first sound loads howler first: slow on a loaded machine
    const server = await room.url();
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'));
    const sounds: RoomSoundDetail[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail));
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      notification_msg: { text: 'ring', type: 3, with_sound: true },
    });
    await until(() => sounds.length === 1, 'the sound attempt', 15_000);
    expect(sounds[0]).to.deep.equal({ type: 'error', result: 'blocked' });
    expect(toasts(el)).to.have.length(1, 'the toast still shows');
    await el.updateComplete;
    const enable = el.shadowRoot!.querySelector('[part="enable-sound"]') as HTMLButtonElement;
    expect(enable, 'the enable-sound control').to.exist;
    // Nothing may start late: after the deadline, no howl is playing.
    await new Promise((r) => setTimeout(r, 1500));
    const howler = (window as unknown as { Howler?: { _howls: Array<{ playing(): boolean }> } }).Howler;
    expect(howler?._howls.some((h) => h.playing()) ?? false).to.equal(false);
    expect(sounds).to.have.length(1);
  });
});
