import { css } from 'lit';

/* A 4 px grid; text 14/20, meta 12/16; weights 400 and 600. density="compact" tightens the spacing only. */
export const chatStyles = css`
  :host {
    --_avatar: 28px;
    --_pad: 12px;
    --_group-gap: 12px;
    --_own: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
    display: flex;
    flex-direction: column;
    min-height: 240px;
    height: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    position: relative;
    line-height: 20px;
  }
  :host([density='compact']) {
    --_avatar: 24px;
    --_pad: 8px;
    --_group-gap: 6px;
  }
  [hidden] {
    display: none !important;
  }
  .status {
    padding: 6px var(--_pad);
    font-size: 12px;
    line-height: 16px;
    color: var(--_muted);
    border-block-end: 1px solid var(--_border);
  }
  .status[data-state='disconnected'] {
    color: var(--_error);
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 8px var(--_pad);
    display: flex;
    flex-direction: column;
    gap: 2px;
    overscroll-behavior: contain;
  }
  .message {
    position: relative;
    display: grid;
    grid-template-columns: var(--_avatar) minmax(0, 1fr);
    column-gap: 8px;
    padding: 2px 8px;
    margin-inline: -8px;
    border-radius: 6px;
    overflow-wrap: anywhere;
  }
  .message > * {
    grid-column: 2;
  }
  .head {
    margin-block-start: var(--_group-gap);
  }
  .own {
    background: var(--_own);
  }
  .private {
    background: var(--_private-bg);
  }
  /* On a shared screen, what a private message says stays unreadable until its reader points at it or focuses it. */
  .presenting .private:not(:hover, :focus-within) > :not(.meta, .avatar) {
    filter: blur(6px);
  }
  .avatar {
    grid-column: 1;
    grid-row: 1 / span 3;
    width: var(--_avatar);
    height: var(--_avatar);
    margin-block-start: 2px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: calc(var(--_avatar) * 0.4);
    font-weight: 600;
    color: light-dark(#fff, #0d1117);
    background: light-dark(oklch(50% 0.13 var(--_h)), oklch(80% 0.1 var(--_h)));
  }
  .message.system {
    display: block;
    align-self: center;
    max-width: 90%;
    margin: var(--_group-gap) 0 0;
    padding: 4px 10px;
    background: var(--_system-bg);
    color: var(--_muted);
    font-size: 12px;
    line-height: 16px;
    text-align: center;
  }
  .failed {
    border-inline-start: 2px solid var(--_error);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 8px;
    align-items: baseline;
    font-size: 12px;
    color: var(--_muted);
  }
  .author {
    font-size: 14px;
    font-weight: 600;
    color: var(--_fg);
  }
  /* A continued message: its time in the avatar's column, shown on hover or focus. */
  .cont time {
    position: absolute;
    inset-inline-start: 0;
    width: calc(var(--_avatar) + 12px);
    text-align: center;
    font-size: 11px;
    opacity: 0;
  }
  .cont:is(:hover, :focus-within) time {
    opacity: 1;
  }
  .text {
    margin: 0;
    white-space: pre-wrap;
  }
  .deleted {
    color: var(--_muted);
    font-style: italic;
  }
  .emoji .text {
    font-size: 24px;
    line-height: 32px;
  }
  a {
    color: var(--_accent);
  }
  .day {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block-start: var(--_group-gap);
    font-size: 12px;
    font-weight: 600;
    color: var(--_muted);
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--_border);
  }
  .empty {
    margin: auto;
    text-align: center;
    color: var(--_muted);
  }
  .empty .icon {
    width: 32px;
    height: 32px;
    stroke-width: 1.5;
  }
  .empty p {
    margin: 8px 0 0;
    font-weight: 600;
    color: var(--_fg);
  }
  .gap-marker {
    text-align: center;
    color: var(--_muted);
    font-size: 12px;
    border-block-start: 1px dashed var(--_border);
    margin-block-start: var(--_group-gap);
  }
  .new-messages {
    /* Centred without a physical side, so it stays centred in both directions. */
    position: absolute;
    inset-inline: 0;
    inset-block-end: 110px;
    margin-inline: auto;
    width: max-content;
    background: var(--_accent);
    color: var(--_accent-fg);
    border: 0;
    border-radius: 999px;
    padding: 4px 12px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
    cursor: pointer;
  }
  form {
    position: relative;
    border-block-start: 1px solid var(--_border);
    padding: 8px var(--_pad) 12px;
    display: grid;
    grid-template-columns: 1fr auto auto auto;
    align-items: end;
    gap: 6px;
  }
  .to,
  .upload {
    grid-column: 1 / -1;
    display: flex;
    gap: 6px;
    align-items: center;
    font-size: 12px;
    color: var(--_muted);
  }
  select,
  textarea,
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  button {
    cursor: pointer;
  }
  textarea {
    resize: none;
    min-height: 36px;
    max-height: 8em;
    box-sizing: border-box;
    padding: 7px 10px;
    border-radius: var(--_radius);
    line-height: 20px;
  }
  textarea:focus {
    border-color: var(--_accent);
  }
  .attach,
  .send,
  .more,
  [part='upload-cancel'] {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_muted);
  }
  .send {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-radius: var(--_radius);
  }
  :host(:dir(rtl)) .send .icon {
    transform: scaleX(-1);
  }
  .send:hover {
    background: var(--_accent-hover);
  }
  .attach:hover,
  .more:hover,
  .reaction:hover,
  .show-earlier:hover {
    color: var(--_fg);
    background: var(--_hover);
  }
  :disabled {
    cursor: not-allowed;
  }
  .send:disabled {
    background: var(--_system-bg);
    color: var(--_muted);
  }
  .upload progress {
    flex: 1;
    accent-color: var(--_accent);
  }
  .attachment {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: baseline;
  }
  .attachment img {
    display: block;
    max-inline-size: min(100%, 240px);
    max-block-size: 240px;
    border-radius: 6px;
  }
  .file-meta {
    color: var(--_muted);
    font-size: 12px;
  }
  .notice {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 12px;
    line-height: 16px;
    color: var(--_muted);
  }
  .notice:empty {
    display: none;
  }
  .show-earlier {
    align-self: center;
    font-size: 12px;
    color: var(--_accent);
    border: 0;
    background: none;
    padding: 2px 8px;
  }
  .mention {
    border-inline-start: 3px solid var(--_accent);
  }
  .mention-mark {
    color: var(--_accent);
  }
  /* The look the on-demand action menu and @ list share. */
  .popup {
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 18%);
  }
  .more {
    position: absolute;
    inset-inline-end: 4px;
    inset-block-start: 0;
    width: 28px;
    height: 28px;
  }
  /* Shown on hover or focus where there is hover; always on touch screens. */
  @media (hover: hover) {
    .message:not(:hover, :focus-within) .more {
      opacity: 0;
    }
  }
  .quote {
    display: block;
    width: 100%;
    text-align: start;
    padding: 0 8px;
    border: 0;
    border-inline-start: 2px solid var(--_border);
    border-radius: 0;
    background: none;
    color: var(--_muted);
    font-size: 12px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-block: 4px 2px;
  }
  .reaction {
    border-radius: 999px;
    padding: 0 8px;
    font-size: 12px;
    line-height: 22px;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_hover);
  }
  .retry {
    margin-inline-start: 6px;
    font-size: 12px;
  }
`;
