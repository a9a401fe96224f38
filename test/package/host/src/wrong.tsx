// Each line marked WRONG must fail to typecheck; the test reads the compiler's errors back against these lines.
import type {} from 'room-widgets/jsx-react';
import { RoomChat } from 'room-widgets/react';

export const plain = <room-chat theme="purple" />; // WRONG: theme is 'light' | 'dark'
export const wrapped = <RoomChat maxMessages="many" />; // WRONG: maxMessages is a number
export const handler = <RoomChat onRoomChatMessage={(event) => event.detail.nonsense} />; // WRONG: no such detail field
export const unread = <room-notifications onroom-unread-change={(event) => event.detail.total} />; // WRONG: the detail is { unread, public, private }
