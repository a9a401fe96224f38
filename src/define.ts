import { RoomChat } from './components/room-chat/room-chat.ts';
import { RoomNotifications } from './components/room-notifications/room-notifications.ts';

function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    // Two copies of the widgets on one page: keep the first rather than throwing.
    if (existing !== ctor) console.warn(`room-widgets: <${tag}> is already defined by another copy of the script; keeping that one.`);
    return;
  }
  customElements.define(tag, ctor);
}

define('room-chat', RoomChat);
define('room-notifications', RoomNotifications);
