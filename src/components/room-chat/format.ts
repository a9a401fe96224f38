import { css, html, type TemplateResult } from 'lit';

/*
 * Safe formatting of chat text (issue 31), loaded on demand the first time a message holds a formatting character:
 * `*bold*` / `**bold**`, `_italic_`, `~strike~`, `` `code` ``, fenced code blocks and `> quote` lines become elements
 * through Lit templates; everything else stays text nodes. The raw text is what is stored, sent and exported.
 */

/** What text without a link becomes: the chat's own link rule (message-view.ts `renderText`). */
export type Plain = (text: string) => unknown;

/**
 * An inline span: code first (nothing inside it is formatted), then bold, italic, strike. A delimiter hugs its words
 * (`a * b * c` stays text) and `_` only marks whole words (`snake_case_names` stay text).
 */
const INLINE =
  /`([^`\n]+)`|\*\*(?=\S)([^*\n]*?\S)\*\*|\*(?=\S)([^*\n]*?\S)\*|(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])|(~~?)(?=\S)([^~\n]*?\S)\5/u;

function inline(text: string, plain: Plain): unknown[] {
  const out: unknown[] = [];
  let rest = text;
  for (let m; (m = INLINE.exec(rest));) {
    if (m.index > 0) out.push(plain(rest.slice(0, m.index)));
    const [whole, code, bold2, bold1, italic, , strike] = m;
    const inner = (s: string) => inline(s, plain);
    out.push(
      code !== undefined
        ? html`<code>${code}</code>`
        : bold2 !== undefined || bold1 !== undefined
          ? html`<strong>${inner(bold2 ?? bold1!)}</strong>`
          : italic !== undefined
            ? html`<em>${inner(italic)}</em>`
            : html`<s>${inner(strike!)}</s>`,
    );
    rest = rest.slice(m.index + whole.length);
  }
  if (rest) out.push(plain(rest));
  return out;
}

type Block = { kind: 'text' | 'quote' | 'code'; lines: string[] };

/** Lines into runs: a fenced code block (``` to ```, or to the end), consecutive `>` lines, and the rest. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trimStart().startsWith('```')) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith('```')) code.push(lines[i]!);
      out.push({ kind: 'code', lines: code });
      continue;
    }
    const kind = /^>\s?/.test(line) ? 'quote' : 'text';
    const body = kind === 'quote' ? line.replace(/^>\s?/, '') : line;
    const last = out.at(-1);
    if (last?.kind === kind) last.lines.push(body);
    else out.push({ kind, lines: [body] });
  }
  return out;
}

/**
 * The formatted text, or null when it holds no formatting (the chat then renders it as it always has). Text stays
 * text: only these elements are made, with text nodes inside; links follow `plain`'s rules.
 */
export function format(text: string, plain: Plain): TemplateResult | null {
  const parts = blocks(text);
  if (parts.length === 1 && parts[0]!.kind === 'text' && !INLINE.test(text)) return null;
  return html`${parts.map((b) => {
    const body = b.lines.join('\n');
    if (b.kind === 'code') return html`<pre tabindex="0"><code>${body}</code></pre>`;
    if (b.kind === 'quote') return html`<blockquote>${inline(body, plain)}</blockquote>`;
    return html`<span>${inline(body, plain)}</span>`;
  })}`;
}

/** Adopted by the chat with this module: a code block keeps its whitespace and scrolls sideways. */
export const styles = css`
  .text code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    padding: 0 0.2em;
    border-radius: 3px;
    background: var(--_system-bg);
  }
  .text pre {
    margin: 2px 0;
    padding: 4px 6px;
    overflow-x: auto;
    white-space: pre;
    border-radius: 4px;
    background: var(--_system-bg);
  }
  .text pre code {
    padding: 0;
    background: none;
  }
  .text blockquote {
    margin: 2px 0;
    padding-inline-start: 8px;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
`;
