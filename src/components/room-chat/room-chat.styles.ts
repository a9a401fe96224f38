import { css } from 'lit';

export const chatStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 240px;
    height: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    position: relative;
  }
  [hidden] {
    display: none !important;
  }
  .status {
    padding: 4px var(--_gap);
    font-size: 0.85em;
    color: var(--_muted);
    border-block-end: 1px solid var(--_border);
  }
  .status[data-state='disconnected'] {
    color: var(--_error);
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: var(--_gap);
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    overscroll-behavior: contain;
  }
  .message {
    position: relative;
    padding: 6px 10px;
    border-radius: var(--_radius);
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .message.system {
    background: var(--_system-bg);
    color: var(--_fg);
    font-style: italic;
  }
  .message.private {
    background: var(--_private-bg);
  }
  .message.pending {
    opacity: 0.6;
  }
  .message.failed {
    border: 1px solid var(--_error);
  }
  .meta {
    display: flex;
    gap: 6px;
    align-items: baseline;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .author {
    font-weight: 600;
    color: var(--_fg);
  }
  .text {
    margin: 0;
    margin-block-start: 2px;
    white-space: pre-wrap;
  }
  .emoji .text {
    font-size: 1.6em;
    line-height: 1.2;
  }
  .text a {
    color: var(--_accent);
  }
  .gap-marker {
    text-align: center;
    color: var(--_muted);
    font-size: 0.85em;
    border-block-start: 1px dashed var(--_border);
    padding-block-start: 4px;
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
    cursor: pointer;
    font: inherit;
  }
  form {
    position: relative;
    border-block-start: 1px solid var(--_border);
    padding: var(--_gap);
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: 6px;
  }
  .to,
  .upload {
    grid-column: 1 / -1;
    display: flex;
    gap: 6px;
    align-items: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
  select,
  textarea,
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  textarea {
    resize: none;
    min-height: 2.4em;
    max-height: 8em;
    padding: 6px;
  }
  .send {
    background: var(--_accent);
    color: var(--_accent-fg);
    border: 0;
    padding-block: 0;
    padding-inline: 14px;
    cursor: pointer;
  }
  button:disabled,
  textarea:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .upload progress {
    flex: 1;
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
  }
  .file-meta {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .notice {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .show-earlier {
    align-self: center;
    font: inherit;
    font-size: 0.85em;
    color: var(--_accent);
    background: transparent;
    border: 0;
    cursor: pointer;
  }
  .message.mention {
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
    box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
  }
  .more {
    margin-inline-start: auto;
    border: 0;
    background: none;
    cursor: pointer;
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
    padding: 2px 8px;
    border: 0;
    border-inline-start: 3px solid var(--_border);
    background: none;
    color: var(--_muted);
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  button.quote {
    cursor: pointer;
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-block-start: 4px;
  }
  .reaction {
    border-radius: 999px;
    padding: 0 8px;
    cursor: pointer;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_system-bg);
  }
  .retry {
    margin-inline-start: 6px;
    font-size: 0.85em;
    cursor: pointer;
  }
`;
