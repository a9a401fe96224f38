// The plain tags in TSX, typed by room-widgets/jsx-react: properties, attribute spellings and `on` + event name.
import type {} from 'room-widgets/jsx-react';
import 'room-widgets/define';

export interface Seen {
  notifications: string[];
}

export function PlainNotifications({ server, token, seen }: { server: string; token: string; seen: Seen }) {
  return (
    <room-notifications
      server={server}
      token={token}
      info-duration="0"
      maxVisible={3}
      theme="dark"
      onroom-notification={(event) => seen.notifications.push(`${event.detail.type}: ${event.detail.text}`)}
      onroom-connection-change={(event) => document.body.setAttribute('data-notifications-state', event.detail.state)}
      onroom-unread-change={(event) => document.body.setAttribute('data-unread', String(event.detail.unread))}
    />
  );
}
