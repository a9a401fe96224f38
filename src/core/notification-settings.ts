import type { NotificationLevel } from './public-types.ts';

export interface TypeSettings {
  sound: boolean;
  popup: boolean;
}
/** The types a user tunes: each level of the room's and the host's notifications, and chat previews and presence. */
export type SettingType = NotificationLevel | 'chat' | 'presence';
export type NotificationSettings = Record<SettingType, TypeSettings>;
export type SettingName = keyof TypeSettings;

export const LEVELS: readonly NotificationLevel[] = ['info', 'warning', 'error'];
export const SETTING_TYPES: readonly SettingType[] = [...LEVELS, 'chat', 'presence'];
/** Namespaced so a host page's own storage is never touched; versioned so a later shape can start fresh. */
export const SETTINGS_KEY = 'room-widgets:notification-settings:v1';

type Stored = Partial<Record<SettingType, Partial<TypeSettings>>>;

function stored(): Stored {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Stored) : {};
  } catch {
    return {}; // storage blocked (private mode, sandboxed frame) or not JSON: the host's defaults
  }
}

/**
 * The types a host attribute names (`"warning error chat"`); null (no attribute) means every type, but for sounds
 * (`quiet`) joins and leaves, which a meeting plays only when the host asks.
 */
export function typesOf(attribute: string | null | undefined, quiet: readonly SettingType[] = []): Set<SettingType> {
  if (attribute == null) return new Set(SETTING_TYPES.filter((t) => !quiet.includes(t)));
  return new Set(SETTING_TYPES.filter((l) => attribute.split(/[\s,]+/).includes(l)));
}

/** The user's choices where they made one, else the host's defaults. */
export function loadSettings(defaults: Record<SettingName, Set<SettingType>>): NotificationSettings {
  const saved = stored();
  const one = (level: SettingType, name: SettingName) => {
    const v = saved[level]?.[name];
    return typeof v === 'boolean' ? v : defaults[name].has(level);
  };
  return Object.fromEntries(
    SETTING_TYPES.map((l) => [l, { sound: one(l, 'sound'), popup: one(l, 'popup') }]),
  ) as NotificationSettings;
}

/** Remembers one choice of the user, for every page of this origin. */
export function saveSetting(level: SettingType, name: SettingName, value: boolean): void {
  const saved = stored();
  saved[level] = { ...saved[level], [name]: value };
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(saved));
  } catch {
    // storage blocked: the choice holds for this page only
  }
}
