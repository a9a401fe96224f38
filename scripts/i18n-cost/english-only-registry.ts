// The stand-in's registry (see english-only-controller.ts): nothing to register, no files to load; the English
// strings still come from each element's file, as with the real layer.
export const english: Record<string, string | { one?: string; other: string }> = {};
export function addEnglish(strings: typeof english): void {
  Object.assign(english, strings);
}
export function setLocaleBase(_url: string | URL | null): void {}
export function registerTranslation(_locale: string, _strings: object): void {}
// What the script shares with the elements file through its kit (vite.config.ts KIT): nothing to do without the layer.
export const canonical = (tag: string | null | undefined): string | null => tag ?? null;
export const directionOf = (_tag: string): 'ltr' | 'rtl' => 'ltr';
export const entry = (_tag: string, key: string): unknown => english[key];
export const loadLocale = (_tag: string): Promise<void> => Promise.resolve();
export const localeChain = (tag: string): string[] => [tag];
export const notifyLocaleChange = (): void => {};
export const onLocaleChange =
  (_listener: () => void): (() => void) =>
  () => {};
