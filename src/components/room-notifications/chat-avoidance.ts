import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Where a fixed toast stack may sit without covering a `<room-chat>` of the page: the stack keeps its corner but
 * moves beside a chat that reaches into its column (a right sidebar), or, when no column is wide enough (a phone),
 * shrinks to the space above (top) or below (bottom) the chat.
 */
export interface Avoidance {
  /** Distance from the viewport's end edge (right in ltr), px. */
  end?: number;
  /** Distance from the viewport's start edge, px. */
  start?: number;
  /** Largest height the stack may take, px. */
  maxHeight?: number;
}

const GAP = 16;
const MIN_WIDTH = 240;
const MIN_HEIGHT = 96;

export function avoidChats(side: 'start' | 'end', edge: 'top' | 'bottom', rtl: boolean, width: number): Avoidance {
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const chats = [...document.querySelectorAll('room-chat')]
    .map((c) => c.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0);
  // Work in "distance from the stack's own edge" so one computation serves both sides and both directions.
  const fromRight = (side === 'end') !== rtl;
  let offset = GAP;
  for (const r of chats) {
    const near = fromRight ? vw - r.right : r.left;
    const far = fromRight ? vw - r.left : r.right;
    if (near < offset + width && far > offset) offset = Math.max(offset, far + GAP);
  }
  if (vw - offset - GAP >= Math.min(MIN_WIDTH, width)) return { [side]: offset };
  // No column beside the chats: keep the corner, take only the free band above or below them.
  const band =
    edge === 'top'
      ? Math.min(...chats.map((r) => r.top), vh) - 2 * GAP
      : vh - Math.max(...chats.map((r) => r.bottom), 0) - 2 * GAP;
  return band >= MIN_HEIGHT ? { maxHeight: band } : {};
}

/**
 * Places `el`'s stack at its `position` (`top-end`, ..., `static`) clear of the page's chats, through the private
 * `--_offset` and `--_max-height`; a host's `--room-toast-inset` places the stack itself, as before positions existed.
 */
export function placeStack(el: HTMLElement, position: string, rtl: boolean): void {
  const [edge, side] = (position || 'top-end').split('-') as [
    'top' | 'bottom' | 'static',
    'start' | 'end' | 'center' | undefined,
  ];
  el.style.removeProperty('--_offset');
  el.style.removeProperty('--_max-height');
  const inset = getComputedStyle(el).getPropertyValue('--room-toast-inset').trim();
  if (inset || el.style.inset) el.style.inset = inset;
  if (inset || edge === 'static' || side === 'center' || !side) return;
  const room = avoidChats(
    side,
    edge as 'top' | 'bottom',
    rtl || getComputedStyle(el).direction === 'rtl',
    el.offsetWidth,
  );
  const offset = room[side];
  if (offset !== undefined) el.style.setProperty('--_offset', `${offset}px`);
  if (room.maxHeight !== undefined) el.style.setProperty('--_max-height', `${room.maxHeight}px`);
}

/** Keeps a stack placed (`placeStack`) as the window resizes; the element calls `place()` when its toasts change. */
export class StackPlacement implements ReactiveController {
  readonly place = () => placeStack(this.host, this.position(), this.rtl());

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly position: () => string,
    private readonly rtl: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('resize', this.place);
  }

  hostDisconnected(): void {
    removeEventListener('resize', this.place);
  }
}
