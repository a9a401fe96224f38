import type { ReactiveControllerHost } from 'lit';
import type { NotificationLevel } from '../../core/public-types.ts';
import type { RoomSoundDetail } from '../../events/room-sound.ts';
import { SoundPlayer } from '../../sound/sound-player.ts';

/**
 * A toast's sound: played through howler (loaded with the first sound), reported as `room-sound`, and, when the
 * browser blocks audio, `blocked` until the user enables sound (no sound plays late).
 */
export class ToastSound {
  /** The browser blocked the last sound: the element offers to enable sound. */
  blocked = false;
  readonly #player: SoundPlayer;

  constructor(
    private readonly host: ReactiveControllerHost,
    urlOf: (level: NotificationLevel) => string,
    private readonly report: (detail: RoomSoundDetail) => void,
  ) {
    this.#player = new SoundPlayer(urlOf);
  }

  async play(level: NotificationLevel): Promise<void> {
    const result = await this.#player.play(level);
    if (result === 'blocked') this.#set(true);
    if (result === 'played') this.#set(false);
    this.report({ type: level, result });
  }

  /** The user asked for sound (a click, which browsers accept as the gesture that unlocks audio). */
  readonly enable = async (): Promise<void> => this.#set(!(await this.#player.enable()));

  #set(blocked: boolean): void {
    this.blocked = blocked;
    this.host.requestUpdate();
  }
}
