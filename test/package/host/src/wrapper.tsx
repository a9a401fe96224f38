// The generated React wrapper: element properties as props, typed `onRoomChatMessage`-style event props.
import { useRef } from 'react';
import { RoomChat } from 'room-widgets/react';
import type { RoomChat as RoomChatElement, RoomChatMessageDetail } from 'room-widgets';

export function WrappedChat({ server, token, seen }: { server: string; token: string; seen: RoomChatMessageDetail[] }) {
  const ref = useRef<RoomChatElement>(null);
  return (
    <RoomChat
      ref={ref}
      server={server}
      token={token}
      maxMessages={50}
      style={{ height: 300 }}
      onRoomChatMessage={(event) => seen.push(event.detail)}
      onRoomConnectionChange={(event) => document.body.setAttribute('data-chat-state', event.detail.state)}
    />
  );
}
