// The stand-in's registry (see english-only-controller.ts): nothing to register, no files to load.
export function setLocaleBase(_url: string | URL | null): void {}
export function registerTranslation(_locale: string, _strings: object): void {}
