// The plain tags in Preact TSX, typed by room-widgets/jsx-preact.
import type {} from 'room-widgets/jsx-preact';
import 'room-widgets/define';

export function Chat({ server, token }: { server: string; token: string }) {
  return (
    <room-chat
      server={server}
      token={token}
      max-messages="100"
      onroom-chat-message={(event) => console.log(event.detail.text)}
    >
      <span>fallback</span>
    </room-chat>
  );
}
