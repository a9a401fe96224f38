// The stand-in's registry (see english-only-controller.ts): nothing to register, no files to load; the English
// strings still come from each element's file, as with the real layer.
export const english: Record<string, string | { one?: string; other: string }> = {};
export function addEnglish(strings: typeof english): void {
  Object.assign(english, strings);
}
export function setLocaleBase(_url: string | URL | null): void {}
export function registerTranslation(_locale: string, _strings: object): void {}
