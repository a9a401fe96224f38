import type { NotificationLevel } from '../core/public-types.ts';
import type { Howl, HowlerModule } from './howler-types.ts';

export type SoundResult = 'played' | 'blocked' | 'dropped' | 'failed';

let loadHowler: (() => Promise<HowlerModule>) | null = null;

/**
 * Where howler comes from: the ES build imports the package (a separate chunk); the classic script loads
 * its own howler file next to itself. Either way, only when the first sound plays.
 */
export function setHowlerLoader(loader: () => Promise<HowlerModule>): void {
  loadHowler = loader;
}

/** A sound that cannot start within this long is dropped: a late sound is worse than none. */
export const START_DEADLINE_MS = 1000;

/** Plays a notification type's sound through howler; never late, and says when the browser blocks audio. */
export class SoundPlayer {
  #howler: Promise<HowlerModule> | null = null;
  readonly #howls = new Map<string, Howl>();

  constructor(private readonly urlFor: (level: NotificationLevel) => string) {}

  async play(level: NotificationLevel): Promise<SoundResult> {
    let module: HowlerModule;
    try {
      module = await this.#load();
    } catch {
      return 'failed';
    }
    const { Howl, Howler } = module;
    // With Web Audio a blocked sound would wait for the first click and play then: never start one.
    if (Howler.ctx && Howler.ctx.state !== 'running') return 'blocked';
    const url = this.urlFor(level);
    let howl = this.#howls.get(url);
    if (!howl) {
      howl = new Howl({ src: [url], format: ['wav', 'mp3', 'ogg'], preload: true });
      this.#howls.set(url, howl);
    }
    const sound = howl;
    return new Promise<SoundResult>((resolve) => {
      let id: number | undefined;
      const finish = (result: SoundResult) => {
        clearTimeout(deadline);
        sound.off('play', onPlay);
        sound.off('playerror', onError);
        sound.off('loaderror', onError);
        resolve(result);
      };
      const onPlay = (playing: number) => {
        if (id === undefined || playing === id) finish('played');
      };
      const onError = () => {
        if (id !== undefined) sound.stop(id);
        finish('failed');
      };
      const deadline = setTimeout(() => {
        if (id !== undefined) sound.stop(id);
        else sound.unload();
        this.#howls.delete(url);
        finish(Howler.ctx && Howler.ctx.state !== 'running' ? 'blocked' : 'dropped');
      }, START_DEADLINE_MS);
      sound.on('play', onPlay);
      sound.on('playerror', onError);
      sound.on('loaderror', onError);
      id = sound.play();
    });
  }

  /** Call from a user gesture (a click): lets audio play from now on. */
  async enable(): Promise<boolean> {
    const { Howler } = await this.#load();
    if (Howler.ctx && Howler.ctx.state !== 'running') await Howler.ctx.resume();
    return !Howler.ctx || Howler.ctx.state === 'running';
  }

  #load(): Promise<HowlerModule> {
    if (!loadHowler) return Promise.reject(new Error('no howler loader configured'));
    this.#howler ??= loadHowler().then((m) => {
      // Howler's own unlock-on-click would start queued sounds late; the player handles unlocking itself.
      m.Howler.autoUnlock = false;
      return m;
    });
    return this.#howler;
  }
}
