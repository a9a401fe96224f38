import { enChat } from './en-chat.ts';
import { enMeeting } from './en-meeting.ts';
import { enModeration } from './en-moderation.ts';
import { enNotifications } from './en-notifications.ts';

/**
 * The English catalogue: every user-visible string and aria label of `<room-chat>` and `<room-notifications>`.
 * Each element's strings ship in that element's file (en-chat.ts, en-notifications.ts), added to the English catalogue
 * as it loads (the fallback of every other locale); the other locales are JSON files beside the script, loaded when
 * an element first needs them. `{name}` is a parameter; an object of plural forms is chosen
 * by `Intl.PluralRules` on the `count` parameter.
 */
export const en = { ...enChat, ...enModeration, ...enNotifications, ...enMeeting };

/** A plural message: one text per CLDR plural category the language uses; `other` is required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
/** A catalogue as registered or loaded: any subset of the English keys, and keys of the host's own. */
export type Translation = Record<string, string | PluralForms>;

type English = typeof en;
export type MessageKey = keyof English;

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type Texts<V> = V extends string ? V : V[keyof V];
/** The parameters a key's English text names, each a string, a number (formatted) or a Date (formatted). */
export type Params<K extends MessageKey> = {
  [P in Placeholders<Texts<English[K]>>]: P extends 'count' ? number : string | number | Date;
};
/** The arguments after the key: none for a key without parameters, otherwise its parameters object. */
export type ParamsArg<K extends MessageKey> = [Placeholders<Texts<English[K]>>] extends [never]
  ? []
  : [params: Params<K>];
