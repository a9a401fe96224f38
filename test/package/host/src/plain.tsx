// Only `room-widgets/define` and the tags: what a bundler keeps of the package must still define them.
import { createRoot } from 'react-dom/client';
import { PlainNotifications, type Seen } from './tags';

const params = new URLSearchParams(location.search);
const seen: Seen = { notifications: [] };
(window as unknown as { seen: Seen }).seen = seen;
createRoot(document.getElementById('app')!).render(
  <PlainNotifications server={params.get('server') ?? ''} token={params.get('token') ?? ''} seen={seen} />,
);
