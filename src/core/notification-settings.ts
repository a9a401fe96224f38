import type { NotificationLevel } from './public-types.ts';

export interface TypeSettings {
  sound: boolean;
  popup: boolean;
}
export type NotificationSettings = Record<NotificationLevel, TypeSettings>;
export type SettingName = keyof TypeSettings;

export const LEVELS: readonly NotificationLevel[] = ['info', 'warning', 'error'];
/** Namespaced so a host page's own storage is never touched; versioned so a later shape can start fresh. */
export const SETTINGS_KEY = 'room-widgets:notification-settings:v1';

type Stored = Partial<Record<NotificationLevel, Partial<TypeSettings>>>;

function stored(): Stored {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Stored) : {};
  } catch {
    return {}; // storage blocked (private mode, sandboxed frame) or not JSON: the host's defaults
  }
}

/** The types a host attribute names (`"warning error"`); null (no attribute) means every type. */
export function typesOf(attribute: string | null | undefined): Set<NotificationLevel> {
  if (attribute == null) return new Set(LEVELS);
  return new Set(LEVELS.filter((l) => attribute.split(/[\s,]+/).includes(l)));
}

/** The user's choices where they made one, else the host's defaults. */
export function loadSettings(defaults: Record<SettingName, Set<NotificationLevel>>): NotificationSettings {
  const saved = stored();
  const one = (level: NotificationLevel, name: SettingName) => {
    const v = saved[level]?.[name];
    return typeof v === 'boolean' ? v : defaults[name].has(level);
  };
  return Object.fromEntries(
    LEVELS.map((l) => [l, { sound: one(l, 'sound'), popup: one(l, 'popup') }]),
  ) as NotificationSettings;
}

/** Remembers one choice of the user, for every page of this origin. */
export function saveSetting(level: NotificationLevel, name: SettingName, value: boolean): void {
  const saved = stored();
  saved[level] = { ...saved[level], [name]: value };
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(saved));
  } catch {
    // storage blocked: the choice holds for this page only
  }
}
