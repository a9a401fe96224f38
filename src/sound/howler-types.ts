/**
 * The few howler types the sound player uses, written here so the published declarations need neither `howler`'s
 * nor `@types/howler`'s types in the host's project (`skipLibCheck: false` must pass without them). Both the
 * `howler` package (ES build) and the `window.Howl`/`window.Howler` globals of its browser build (classic script)
 * fit these shapes.
 */

export interface HowlOptions {
  src: string | string[];
  format?: string[];
  preload?: boolean | 'metadata';
  html5?: boolean;
}

/** One sound file, played by id. */
export interface Howl {
  /** Starts a new playback and returns its id. */
  play(): number;
  stop(id?: number): this;
  unload(): null;
  on(event: 'play', callback: (soundId: number) => void): this;
  on(event: 'loaderror' | 'playerror', callback: (soundId: number, error: unknown) => void): this;
  off(event: 'play', callback?: (soundId: number) => void): this;
  off(event: 'loaderror' | 'playerror', callback?: (soundId: number, error: unknown) => void): this;
}

export interface HowlerGlobal {
  /** The Web Audio context, `null` when howler falls back to HTML5 audio. */
  ctx: AudioContext | null;
  /** Howler's own unlock-on-first-click (the player turns it off and unlocks itself). */
  autoUnlock: boolean;
}

/** What a howler loader resolves to: `import('howler')` or the globals of howler's browser build. */
export interface HowlerModule {
  Howl: new (options: HowlOptions) => Howl;
  Howler: HowlerGlobal;
}
