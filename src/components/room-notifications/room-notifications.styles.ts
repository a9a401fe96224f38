import { css } from 'lit';

export const notificationStyles = css`
  :host {
    position: fixed;
    z-index: var(--room-toast-z-index, 2147483000);
    /* Bottom corner on the end side: bottom right, or bottom left in a right-to-left locale. */
    inset: var(--room-toast-inset, auto 16px 16px auto);
    width: min(360px, calc(100vw - 32px));
    pointer-events: none;
  }
  :host(:dir(rtl)) {
    inset: var(--room-toast-inset, auto auto 16px 16px);
  }
  :host([position='static']) {
    position: static;
    width: auto;
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
    font-size: 0.8em;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
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
    font-size: 1.2em;
    line-height: 1;
    min-width: 24px;
    min-height: 24px;
    cursor: pointer;
    border-radius: 4px;
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
