/**
 * A message's start as one line of plain words, its formatting marks taken out (`**bold**`, `_italic_`, `~strike~`,
 * `` `code` ``, ``` fences, `>` quote lines): how the pinned bar names a message. Marks are removed only in pairs
 * that open and close at word edges, so `snake_case_name` and `2*3*4` keep their characters.
 */
export function plainExcerpt(text: string): string {
  return text
    .replace(/^```.*$/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(^|[\s(])(\*\*|\*|_|~)(?=\S)([^\n]*?\S)\2(?=$|[\s).,!?:;])/gm, '$1$3')
    .replace(/\s+/g, ' ')
    .trim();
}
