import { css, html } from 'lit';

/** A Lucide icon (src/components/icons.ts) in the text's colour; decorative, so the control it sits in names it. */
export const icon = (d: string) => html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d=${d} /></svg>`;

/**
 * The `--room-*` custom properties. `light-dark()` follows the page's colour scheme; the `theme` attribute
 * (`light` or `dark`) pins one.
 */
export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_bg: var(--room-background, light-dark(#ffffff, #16191d));
    --_fg: var(--room-foreground, light-dark(#1b1f24, #e6edf3));
    --_muted: var(--room-muted, light-dark(#57606a, #9da7b3));
    --_border: var(--room-border, light-dark(#d0d7de, #3d444d));
    --_accent: var(--room-accent, light-dark(#0b57d0, #79b8ff));
    --_accent-fg: var(--room-accent-foreground, light-dark(#ffffff, #0d1117));
    --_system-bg: var(--room-system-background, light-dark(#f3f4f6, #22272e));
    --_private-bg: var(--room-private-background, light-dark(#fff4d6, #3a3000));
    --_info: var(--room-info, light-dark(#0b57d0, #79b8ff));
    --_warning: var(--room-warning, light-dark(#8a5a00, #e3b341));
    --_error: var(--room-error, light-dark(#c62828, #ff7b72));
    --_radius: var(--room-radius, 8px);
    --_gap: var(--room-spacing, 8px);
    --_font: var(--room-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--room-font-size, 14px);
    --_focus: var(--room-focus-ring, var(--_accent));
    /* Shades of the accent: hover and pressed mix toward the text colour, so they gain contrast in both schemes. */
    --_hover: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
    --_accent-hover: color-mix(in srgb, var(--_accent) 85%, var(--_fg));
    --_accent-pressed: color-mix(in srgb, var(--_accent) 70%, var(--_fg));
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    /* A host page's text-align: left/right must not undo the mirroring of a right-to-left locale. */
    text-align: start;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .icon {
    inline-size: 16px;
    block-size: 16px;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    vertical-align: middle;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
