import { Emitter } from './emitter.ts';
import type { NotificationCategory, NotificationLevel } from './public-types.ts';

export interface Toast {
  /** The first notification's id; later duplicates merge into it. */
  id: string;
  level: NotificationLevel;
  text: string;
  ts: number;
  /** How many identical notifications this toast stands for. */
  count: number;
  /** Replayed after a long disconnection: shown as missed, never as new. */
  missed: boolean;
  /** Stays until used or closed (a toast with actions). */
  sticky?: boolean;
  /** Where it comes from: a backend (`system`), the chat, who joined or left, or the host page (`notify()`). */
  category: NotificationCategory;
  /** A heading in place of the type's label: a chat preview's sender, a presence line. */
  title?: string;
}

export interface ToastQueueOptions {
  /** Milliseconds before a toast of this type closes itself; 0 keeps it until dismissed. */
  durations: Record<NotificationLevel, number>;
  /** Toasts shown at once; the rest wait and are counted. */
  maxVisible: number;
  /** The same type and text again within this many ms merges into the shown toast. */
  mergeWindowMs: number;
}

interface Entry {
  toast: Toast;
  remaining: number;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  mergeUntil: number;
}

/**
 * The notification stack without any DOM: merging, the visible bound, auto-dismiss per type, and one pause
 * for hover, focus and a hidden tab. Time comes from `setTimeout`, so tests can drive it with fake timers.
 */
export class ToastQueue extends Emitter<{ change: Toast[] }> {
  readonly #entries: Entry[] = [];
  readonly #pausedBy = new Set<string>();

  constructor(public options: ToastQueueOptions) {
    super();
  }

  get visible(): Toast[] {
    return this.#shown().map((e) => e.toast);
  }

  /** Toasts waiting beyond the visible bound. */
  get overflow(): number {
    return this.#entries.length - this.#shown().length;
  }

  /**
   * The toasts on screen, oldest first: every error and every toast waiting for an answer (its actions), however many,
   * then the newest of the rest in the slots left; the older ones wait behind the count, and come back as others go.
   */
  #shown(): Entry[] {
    const kept = (e: Entry) => !!e.toast.sticky || e.toast.level === 'error';
    let room = this.options.maxVisible - this.#entries.filter(kept).length;
    const shown = new Set<Entry>();
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const e = this.#entries[i]!;
      if (kept(e)) shown.add(e);
      else if (room > 0) {
        shown.add(e);
        room--;
      }
    }
    return this.#entries.filter((e) => shown.has(e));
  }

  get paused(): boolean {
    return this.#pausedBy.size > 0;
  }

  /** Whether a toast with this id is in the stack (shown or waiting). */
  has(id: string): boolean {
    return this.#entries.some((e) => e.toast.id === id);
  }

  /**
   * Adds a toast; one with the id of a toast in the stack replaces it where it stands (its countdown starts again), and
   * one like a recent toast merges into it. Returns the toast shown and whether it merged or replaced.
   */
  add(input: Omit<Toast, 'count'>, now = Date.now()): { toast: Toast; merged: boolean; replaced?: boolean } {
    const same = this.#entries.find((e) => e.toast.id === input.id);
    if (same) {
      this.#stop(same);
      same.toast = { ...input, count: 1 };
      same.remaining = this.#duration(same.toast);
      this.#schedule();
      this.#changed();
      return { toast: same.toast, merged: false, replaced: true };
    }
    const twin = input.sticky
      ? undefined
      : this.#entries.find(
          (e) =>
            !e.toast.sticky &&
            e.toast.level === input.level &&
            e.toast.category === input.category &&
            e.toast.text === input.text &&
            e.mergeUntil >= now,
        );
    if (twin) {
      twin.toast = { ...twin.toast, count: twin.toast.count + 1, ts: input.ts };
      twin.mergeUntil = now + this.options.mergeWindowMs;
      this.#stop(twin);
      twin.remaining = this.#duration(twin.toast);
      this.#schedule();
      this.#changed();
      return { toast: twin.toast, merged: true };
    }
    const toast: Toast = { ...input, count: 1 };
    this.#entries.push({
      toast,
      remaining: this.#duration(toast),
      startedAt: 0,
      timer: null,
      mergeUntil: now + this.options.mergeWindowMs,
    });
    this.#schedule();
    this.#changed();
    return { toast, merged: false };
  }

  dismiss(id: string): void {
    const index = this.#entries.findIndex((e) => e.toast.id === id);
    if (index < 0) return;
    this.#stop(this.#entries[index]!);
    this.#entries.splice(index, 1);
    this.#schedule();
    this.#changed();
  }

  clear(): void {
    for (const e of this.#entries) this.#stop(e);
    this.#entries.length = 0;
    this.#changed();
  }

  /** Pauses every countdown while any reason holds (`hover`, `focus`, `hidden`). */
  pause(reason: string): void {
    if (this.#pausedBy.has(reason)) return;
    this.#pausedBy.add(reason);
    for (const e of this.#entries) this.#stop(e);
  }

  resume(reason: string): void {
    if (!this.#pausedBy.delete(reason)) return;
    this.#schedule();
  }

  #duration(t: Toast): number {
    const ms = t.sticky ? 0 : this.options.durations[t.level];
    return ms > 0 ? ms : Infinity;
  }

  /** Only visible toasts count down: a waiting one keeps the time it had left until it is shown again. */
  #schedule(): void {
    const shown = this.#shown();
    for (const e of this.#entries) if (!shown.includes(e)) this.#stop(e);
    if (this.paused) return;
    for (const e of shown) {
      if (e.timer || !Number.isFinite(e.remaining)) continue;
      e.startedAt = Date.now();
      e.timer = setTimeout(() => this.dismiss(e.toast.id), e.remaining);
    }
  }

  #stop(e: Entry): void {
    if (!e.timer) return;
    clearTimeout(e.timer);
    e.timer = null;
    e.remaining = Math.max(0, e.remaining - (Date.now() - e.startedAt));
  }

  #changed(): void {
    this.emit('change', this.visible);
  }
}
