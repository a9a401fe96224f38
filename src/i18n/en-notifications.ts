/** `<room-notifications>`' English strings (see en.ts): in its own file, which adds them when it loads. */
export const enNotifications = {
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
  /** A private message's or notification's text, while the user presents (shares their screen). */
  'notifications.hiddenText': 'Hidden while you present',
  /** What a screen reader hears for several toasts within a few seconds. */
  'notifications.burst': { one: '{count} new notification', other: '{count} new notifications' },
  'notifications.enableSound': 'Your browser blocked a notification sound. Enable sound',

  // The notification centre.
  'notifications.bell': 'Notifications, {count} unread',
  'notifications.center': 'Notification centre',
  'notifications.close': 'Close notifications',
  'notifications.markRead': 'Mark all read',
  'notifications.clear': 'Clear',
  'notifications.empty': 'No notifications yet.',
  'notifications.settings': 'Settings',
  'notifications.type': 'Type',
  'notifications.sound': 'Sound',
  'notifications.popup': 'Pop-up',
  'notifications.chatType': 'Chat messages',
  'notifications.presenceType': 'Joins and leaves',
  'notifications.desktop': 'Desktop notifications while this tab is hidden',
  'notifications.desktopBlocked': 'The browser blocks desktop notifications for this site.',
} as const;
