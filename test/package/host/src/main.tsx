import { createRoot } from 'react-dom/client';
import type { RoomChatMessageDetail } from 'room-widgets';
import { PlainNotifications, type Seen } from './tags';
import { WrappedChat } from './wrapper';

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? '';
const token = params.get('token') ?? '';
const seen = { chat: [] as RoomChatMessageDetail[], notifications: [] } satisfies Seen & {
  chat: RoomChatMessageDetail[];
};
(window as unknown as { seen: typeof seen }).seen = seen;

createRoot(document.getElementById('app')!).render(
  <>
    <WrappedChat server={server} token={token} seen={seen.chat} />
    <PlainNotifications server={server} token={token} seen={seen} />
  </>,
);
