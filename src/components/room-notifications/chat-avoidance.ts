import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Where a fixed toast stack may sit without covering a `<room-chat>` of the page or the page's own fixed controls (a
 * toolbar, a header): the stack keeps its corner but moves beside a chat that reaches into its column (a right
 * sidebar); when no column is wide enough (a full-width chat, a phone), it keeps its side and takes the free band
 * above or below the chats and controls nearest its edge.
 */
export interface Avoidance {
  /** Distance from the viewport's end edge (right in ltr), px. */
  end?: number;
  /** Distance from the viewport's start edge, px. */
  start?: number;
  /** Distance from the stack's own edge (top or bottom), px. */
  block?: number;
  /** Largest height the stack may take, px. */
  maxHeight?: number;
}

const GAP = 16;
const MIN_WIDTH = 240;
const MIN_HEIGHT = 96;
/** A band narrower than this holds no toast: the stack keeps its corner. */
const LEAST_HEIGHT = 56;

const boxes = (elements: Iterable<Element>) =>
  [...elements].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);

let controlsCache: { at: number; w: number; h: number; rects: DOMRect[] } | null = null;

/**
 * The host page's fixed or sticky boxes along the viewport's edges, where a stack may go, that are small enough to be
 * controls (a toolbar, a header, a floating button) rather than the stage a toast may cover. Sampled by hit-testing,
 * at most once a second.
 */
function fixedControls(vw: number, vh: number): DOMRect[] {
  const now = performance.now();
  if (controlsCache && now - controlsCache.at < 1000 && controlsCache.w === vw && controlsCache.h === vh)
    return controlsCache.rects;
  const positioned = new Map<Element, Element | null>();
  const fixedOf = (el: Element | null): Element | null => {
    if (!el || el === document.body || el === document.documentElement) return null;
    if (positioned.has(el)) return positioned.get(el)!;
    const position = getComputedStyle(el).position;
    const found = position === 'fixed' || position === 'sticky' ? el : fixedOf(el.parentElement);
    positioned.set(el, found);
    return found;
  };
  const found = new Set<Element>();
  const sample = (x: number, y: number) => {
    for (const el of document.elementsFromPoint(x, y)) {
      if (el.closest('room-notifications, room-chat')) continue;
      const fixed = fixedOf(el);
      if (fixed) found.add(fixed);
    }
  };
  for (let x = 8; x < vw; x += 40) for (const y of [8, 40, vh - 40, vh - 8]) sample(x, y);
  for (let y = 8; y < vh; y += 40) for (const x of [8, 40, vw - 40, vw - 8]) sample(x, y);
  const rects = boxes(found).filter((r) => r.width * r.height <= (vw * vh) / 4);
  controlsCache = { at: now, w: vw, h: vh, rects };
  return rects;
}

export function avoidChats(
  side: 'start' | 'end',
  edge: 'top' | 'bottom',
  rtl: boolean,
  width: number,
  height: number,
  /** A fullscreen element or modal dialog on top: only its chats are on screen. */
  within: Element | null = null,
): Avoidance {
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const chats = boxes([...document.querySelectorAll('room-chat')].filter((c) => !within || within.contains(c)));
  // Work in "distance from the stack's own edge" so one computation serves both sides and both directions.
  const fromRight = (side === 'end') !== rtl;
  let offset = GAP;
  for (const r of [...chats].sort((a, b) => (fromRight ? b.right - a.right : a.left - b.left))) {
    const near = fromRight ? vw - r.right : r.left;
    const far = fromRight ? vw - r.left : r.right;
    if (near < offset + width && far > offset) offset = Math.max(offset, far + GAP);
  }
  const column = vw - offset - GAP >= Math.min(MIN_WIDTH, width);
  if (!column) offset = GAP;
  // In that column, the free bands between the chats and controls it meets, top to bottom.
  const x0 = fromRight ? vw - offset - width : offset;
  const x1 = x0 + width;
  const cuts = [...chats, ...fixedControls(vw, vh)]
    .filter((r) => r.left < x1 && r.right > x0)
    .map((r) => [r.top - GAP, r.bottom + GAP] as const)
    .sort((a, b) => a[0] - b[0]);
  const bands: Array<[number, number]> = [];
  let from = GAP;
  for (const [top, bottom] of cuts) {
    if (top > from) bands.push([from, top]);
    from = Math.max(from, bottom);
  }
  if (vh - GAP > from) bands.push([from, vh - GAP]);
  const placed = column ? { [side]: offset } : {};
  if (cuts.length === 0) return placed;
  const nearest = edge === 'top' ? bands : bands.reverse();
  const fits = (b: [number, number]) => b[1] - b[0] >= Math.min(height, MIN_HEIGHT);
  const band = nearest.find(fits) ?? [...nearest].sort((a, b) => b[1] - b[0] - (a[1] - a[0]))[0];
  if (!band || band[1] - band[0] < LEAST_HEIGHT) return placed;
  return { ...placed, block: edge === 'top' ? band[0] : vh - band[1], maxHeight: band[1] - band[0] };
}

/**
 * Places `el`'s stack at its `position` (`top-end`, ..., `static`) clear of the page's chats, through the private
 * `--_offset` and `--_max-height`; a host's `--room-toast-inset` places the stack itself, as before positions existed.
 */
export function placeStack(el: HTMLElement, position: string, rtl: boolean, within: Element | null = null): void {
  const [edge, side] = (position || 'top-end').split('-') as [
    'top' | 'bottom' | 'static',
    'start' | 'end' | 'center' | undefined,
  ];
  for (const name of ['--_offset', '--_block', '--_max-height']) el.style.removeProperty(name);
  const inset = getComputedStyle(el).getPropertyValue('--room-toast-inset').trim();
  if (inset || el.style.inset) el.style.inset = inset;
  if (inset || edge === 'static' || side === 'center' || !side) return;
  const room = avoidChats(
    side,
    edge as 'top' | 'bottom',
    rtl || getComputedStyle(el).direction === 'rtl',
    el.offsetWidth,
    el.offsetHeight,
    within,
  );
  const offset = room[side];
  if (offset !== undefined) el.style.setProperty('--_offset', `${offset}px`);
  if (room.block !== undefined) el.style.setProperty('--_block', `${room.block}px`);
  if (room.maxHeight !== undefined) el.style.setProperty('--_max-height', `${room.maxHeight}px`);
}

/**
 * Keeps a stack placed (`placeStack`) as the window resizes or the page scrolls (a chat in the page's flow moves with
 * it); the element calls `place()` when its toasts change.
 */
export class StackPlacement implements ReactiveController {
  readonly place = () => placeStack(this.host, this.position(), this.rtl(), this.within());
  #frame = 0;
  /** At most once a frame, however fast the page scrolls. */
  readonly #soon = () => (this.#frame ||= requestAnimationFrame(() => ((this.#frame = 0), this.place())));

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly position: () => string,
    private readonly rtl: () => boolean,
    private readonly within: () => Element | null = () => null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('resize', this.#soon);
    addEventListener('scroll', this.#soon, { passive: true, capture: true });
  }

  hostDisconnected(): void {
    removeEventListener('resize', this.#soon);
    removeEventListener('scroll', this.#soon, { capture: true });
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}
