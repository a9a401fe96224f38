import { css } from 'lit';

export const notificationStyles = css`
  /* Logical insets follow the element's direction, so "end" is the right in ltr and the left in rtl. --_offset,
     --_block and --_max-height are set by the element to keep clear of a <room-chat> and the page's fixed controls. */
  :host {
    --_edge: 16px;
    /* In the top layer the element is a popover (./top-layer.ts): none of a popover's own box or colours. */
    inset: auto;
    margin: 0;
    border: 0;
    background: transparent;
    color: inherit;
    position: fixed;
    z-index: var(--room-toast-z-index, 2147483000);
    inset-block-start: var(--_block, var(--_edge));
    inset-inline-end: var(--_offset, var(--_edge));
    width: min(360px, calc(100vw - 32px));
    max-height: var(--_max-height, calc(100vh - 32px));
    overflow-y: auto;
    /* Room inside the scroll box for the badge, the focus ring and the toasts' shadow, which overflow would clip. */
    padding: 8px;
    box-sizing: border-box;
    pointer-events: none;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
  }
  :host([position|='bottom']) {
    inset-block: auto var(--_block, var(--_edge));
    flex-direction: column-reverse;
  }
  :host([position$='-start']) {
    inset-inline: var(--_offset, var(--_edge)) auto;
    align-items: flex-start;
  }
  :host([position$='-center']) {
    inset-inline: 0;
    margin-inline: auto;
    align-items: center;
  }
  :host([position='static']) {
    position: static;
    width: auto;
    max-height: none;
  }
  /* A phone: full width, at most a third of the screen, so the meeting and the chat stay usable. */
  @media (max-width: 480px) {
    :host(:not([position='static'])) {
      --_edge: 8px;
      inset-inline: 8px;
      width: auto;
      max-height: min(var(--_max-height, 33vh), 33vh);
    }
  }
  :host([density='compact']) {
    --_bell: 32px;
    --_gap: 4px;
  }
  :host([density='compact']) .toast {
    padding: 6px 10px;
  }
  section {
    width: 100%;
  }
  .bell {
    pointer-events: auto;
    position: relative;
    display: grid;
    place-items: center;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
    border-radius: 50%;
    width: var(--_bell, 36px);
    height: var(--_bell, 36px);
    padding: 0;
    margin-block-end: var(--_gap);
    cursor: pointer;
  }
  .bell .icon {
    width: 18px;
    height: 18px;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    box-sizing: border-box;
    min-width: 18px;
    padding-inline: 5px;
    border-radius: 999px;
    background: var(--_error);
    color: light-dark(#fff, #0d1117);
    box-shadow: 0 0 0 2px var(--_bg);
    font: 600 12px/18px var(--_font);
  }
  .actions {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  .actions {
    grid-column: 1;
  }
  [hidden] {
    display: none !important;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .toast {
    pointer-events: auto;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px 8px;
    align-items: start;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_info);
    border-radius: var(--_radius);
    padding: 10px 12px;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
    overflow-wrap: anywhere;
  }
  .toast.warning {
    border-inline-start-color: var(--_warning);
  }
  .toast.error {
    border-inline-start-color: var(--_error);
  }
  .label {
    font-size: 12px;
    font-weight: 600;
    color: var(--_info);
  }
  .warning .label {
    color: var(--_warning);
  }
  .error .label {
    color: var(--_error);
  }
  .text {
    grid-column: 1;
    margin: 0;
    white-space: pre-wrap;
  }
  /* A chat preview: its label and text are one button that opens the chat. */
  .open {
    grid-column: 1;
    display: grid;
    gap: 4px;
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
    border-radius: 4px;
  }
  .open .text {
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  /* The catch-up card and the summary after presenting: counts that are links. */
  .links {
    grid-column: 1;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
    cursor: pointer;
  }
  .digest .label,
  .chat .label,
  .presence .label {
    color: var(--_fg);
  }
  .count {
    margin-inline-start: 6px;
    font-size: 0.8em;
    border-radius: 999px;
    padding: 0 6px;
    background: var(--_system-bg);
    color: var(--_fg);
  }
  .close {
    grid-row: 1 / span 2;
    grid-column: 2;
    border: 0;
    background: transparent;
    color: var(--_muted);
    display: grid;
    place-items: center;
    width: 28px;
    height: 28px;
    padding: 0;
    cursor: pointer;
    border-radius: 6px;
  }
  .close:hover {
    color: var(--_fg);
    background: var(--_hover);
  }
  .overflow,
  .enable-sound {
    pointer-events: auto;
    margin-block-start: var(--_gap);
    font: inherit;
    font-size: 0.85em;
  }
  .overflow {
    color: var(--_muted);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 4px;
    padding-inline: 10px;
  }
  .enable-sound {
    display: block;
    width: 100%;
    cursor: pointer;
    background: var(--_accent);
    color: var(--_accent-fg);
    border: 0;
    border-radius: var(--_radius);
    padding: 6px 10px;
  }
  @media (prefers-reduced-motion: no-preference) {
    .toast {
      animation: enter 160ms ease-out;
    }
    @keyframes enter {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  }
`;
