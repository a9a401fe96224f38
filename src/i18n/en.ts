/**
 * The English catalogue: every user-visible string and aria label of `<room-chat>` and `<room-notifications>`.
 * It ships inside the script (it is the fallback of every other locale); the others are JSON files beside the
 * script, loaded when an element first needs them. `{name}` is a parameter; an object of plural forms is chosen
 * by `Intl.PluralRules` on the `count` parameter.
 */
export const en = {
  // The connection line above the chat.
  'chat.status.connecting': 'Connecting…',
  'chat.status.connected': 'Connected',
  'chat.status.reconnecting': 'Connection lost. Reconnecting…',
  'chat.status.disconnected': 'Disconnected',
  'chat.status.noToken': 'No join token',
  'chat.ended': 'The meeting has ended.',

  // Why the composer is disabled.
  'chat.disabled.connecting': 'Connecting to the room…',
  'chat.disabled.offline': 'Not connected. Messages can be sent once the connection is back.',
  'chat.disabled.chatOff': 'Chat is turned off in this meeting.',
  'chat.disabled.locked': 'The moderator has locked the chat.',

  // Messages.
  'chat.log': 'Chat messages',
  'chat.system': 'System',
  'chat.deleted': 'Message deleted',
  'chat.you': '{name} (you)',
  'chat.reacted': '{name} reacted',
  'chat.private': 'Private',
  'chat.privateTo': 'Private to {name}',
  'chat.sending': 'Sending…',
  'chat.notSent': 'Not sent: {reason}',
  'chat.retry': 'Retry',
  'chat.gap': 'Some messages from while you were disconnected could not be recovered.',
  'chat.showEarlier': 'Show earlier messages',
  'chat.newMessages': { one: '{count} new message ↓', other: '{count} new messages ↓' },

  // The composer.
  'chat.composer': 'Send a message',
  'chat.to': 'To',
  'chat.everyone': 'Everyone',
  'chat.recipientPrivate': '{name} (private)',
  'chat.input': 'Message',
  'chat.inputPrivate': 'Private message',
  'chat.placeholder': 'Write a message…',
  'chat.send': 'Send',
  /** The status line when the server will not admit the page; `reason` is the refusal, worded by `error.<code>`. */
  'chat.refused': 'Could not join: {reason}.',

  // Files (issue 14).
  'chat.attach': 'Attach a file',
  'chat.uploading': 'Uploading {name}',
  'chat.cancelUpload': 'Cancel',
  'chat.download': 'Download',
  /** Checked before uploading; `size` is the room's limit, formatted (`10 MB`). */
  'chat.fileTooLarge': 'The file is larger than {size}.',

  // Conversation (issue 15): replies, reactions, mentions, deleting.
  'chat.actions': 'Message actions',
  'chat.reply': 'Reply',
  /** A quick reaction in the action menu. */
  'chat.react': 'React with {emoji}',
  'chat.delete': 'Delete',
  'chat.replyingTo': 'Replying to {name}',
  'chat.cancelReply': 'Cancel reply',
  'chat.reactions': 'Reactions',
  /** A reaction under a message: `names` lists who reacted. */
  'chat.reactedBy': '{emoji} from {names}',
  'chat.mentioned': 'Mentions you',
  'chat.suggestions': 'People to mention',

  // Toasts.
  'notifications.region': 'Notifications',
  'notifications.info': 'Info',
  'notifications.warning': 'Warning',
  'notifications.error': 'Error',
  'notifications.missedInfo': 'Missed info',
  'notifications.missedWarning': 'Missed warning',
  'notifications.missedError': 'Missed error',
  /** What a screen reader hears: `label` is one of the labels above. */
  'notifications.announce': '{label}: {text}',
  'notifications.dismissInfo': 'Dismiss info: {text}',
  'notifications.dismissWarning': 'Dismiss warning: {text}',
  'notifications.dismissError': 'Dismiss error: {text}',
  'notifications.times': { one: '{count} time', other: '{count} times' },
  'notifications.more': { one: '+{count} more', other: '+{count} more' },
  'notifications.enableSound': '🔇 Your browser blocked a notification sound. Enable sound',

  // The notification centre.
  'notifications.bell': 'Notifications, {count} unread',
  'notifications.center': 'Notification centre',
  'notifications.markRead': 'Mark all read',
  'notifications.clear': 'Clear',
  'notifications.empty': 'No notifications yet.',
  'notifications.settings': 'Settings',
  'notifications.type': 'Type',
  'notifications.sound': 'Sound',
  'notifications.popup': 'Pop-up',
  'notifications.desktop': 'Desktop notifications while this tab is hidden',
  'notifications.desktopBlocked': 'The browser blocks desktop notifications for this site.',
} as const;

/** A plural message: one text per CLDR plural category the language uses; `other` is required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
/** A catalogue as registered or loaded: any subset of the English keys, and keys of the host's own. */
export type Translation = Record<string, string | PluralForms>;

type English = typeof en;
export type MessageKey = keyof English;

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type Texts<V> = V extends string ? V : V[keyof V];
/** The parameters a key's English text names, each a string, a number (formatted) or a Date (formatted). */
export type Params<K extends MessageKey> = { [P in Placeholders<Texts<English[K]>>]: P extends 'count' ? number : string | number | Date };
/** The arguments after the key: none for a key without parameters, otherwise its parameters object. */
export type ParamsArg<K extends MessageKey> = [Placeholders<Texts<English[K]>>] extends [never] ? [] : [params: Params<K>];
