// The demo host app: joins as a participant, logs every DOM event the widgets emit, and drives the
// room server's real HTTP APIs through its demo backend (which signs the calls server-side).
const PEOPLE = {
  'admin-1': { name: 'Ada', is_admin: true },
  'user-456': { name: 'User 456' },
  'vip-user-789': { name: 'VIP 789' },
  'plain-user': { name: 'Pat' },
  'student-1': { name: 'Sam', dialect: 'hms', role: 'student' },
  'teacher-1': { name: 'Tess', dialect: 'hms', role: 'host' },
};
// Every event the widgets emit (README "Events"), so the log shows what a host app would hear.
const EVENTS = [
  'room-chat-message',
  'room-notification',
  'room-notification-action',
  'room-desktop-notification',
  'room-custom-event',
  'room-connection-change',
  'room-ended',
  'room-error',
  'room-sound',
  'room-unread-change',
  'room-reaction-change',
  'room-message-deleted',
  'room-mention',
  'room-message-edited',
  'room-pin-change',
  'room-poll-change',
  'room-open-chat',
];

const $ = (id) => document.getElementById(id);
const chat = $('chat');
const toasts = $('toasts');
const params = new URLSearchParams(location.search);
if (params.get('room')) $('room').value = params.get('room');
if (params.get('as') && PEOPLE[params.get('as')]) $('who').value = params.get('as');
const roomId = () => $('room').value.trim();

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

function show(result) {
  $('output').textContent = JSON.stringify(result, null, 2);
}

function log(event) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${event.type} from <${event.target.localName}> ${JSON.stringify(event.detail)}`;
  $('events').prepend(li);
  while ($('events').children.length > 200) $('events').lastChild.remove();
}
for (const name of EVENTS) document.addEventListener(name, log);
$('clear-log').addEventListener('click', () => ($('events').textContent = ''));

function createBody() {
  return {
    room_id: roomId(),
    max_participants: Number($('f-max').value) || 0,
    metadata: {
      room_title: `Demo ${roomId()}`,
      welcome_message: $('f-welcome').value,
      room_features: {
        allow_webcams: true,
        room_duration: 0,
        chat_features: { allow_chat: $('f-allow-chat').checked, allow_file_upload: $('f-files').checked },
      },
      default_lock_settings: {
        lock_chat: $('f-lock-chat').checked,
        lock_chat_send_message: $('f-lock-send').checked,
        lock_private_chat: $('f-lock-private').checked,
      },
    },
  };
}

async function join(event) {
  event?.preventDefault();
  const userId = $('who').value;
  const person = PEOPLE[userId];
  if (!person.dialect) {
    // plugNmeet join tokens need the room to exist: create it with the console's settings if it does not.
    const active = await post('/demo-api/call', {
      dialect: 'pn',
      path: '/room/isRoomActive',
      body: { room_id: roomId() },
    });
    if (!active.body.body?.is_active)
      show(await post('/demo-api/call', { dialect: 'pn', path: '/room/create', body: createBody() }));
  }
  const res = await post('/demo-api/join', { room_id: roomId(), user_id: userId, ...person });
  if (res.status !== 200) return show(res);
  chat.token = res.body.token;
  toasts.token = res.body.token;
  $('me').textContent = `as ${person.name} (${userId})`;
  document.title = `${person.name} · room-widgets demo`;
  const next = Object.keys(PEOPLE)[(Object.keys(PEOPLE).indexOf(userId) + 1) % Object.keys(PEOPLE).length];
  $('another').href = `?room=${encodeURIComponent(roomId())}&as=${next}`;
  $('another').textContent = `Open ${PEOPLE[next].name} in a new tab ↗`;
}
$('join').addEventListener('submit', join);
$('restyle').addEventListener('change', (e) => document.body.classList.toggle('restyled', e.target.checked));
// The widgets follow the page's lang (README "Languages"); the console itself stays in English, left to right.
$('locale').addEventListener('change', (e) => {
  document.documentElement.lang = e.target.value;
  $('widgets').dir = ['ar', 'he'].includes(e.target.value) ? 'rtl' : 'ltr';
});
$('theme').addEventListener('change', (e) => {
  document.documentElement.style.colorScheme = e.target.value === 'auto' ? '' : e.target.value;
  for (const el of [chat, toasts]) {
    if (e.target.value === 'auto') el.removeAttribute('theme');
    else el.setAttribute('theme', e.target.value);
  }
});

async function refreshPeers() {
  const res = await post('/demo-api/call', {
    dialect: 'pn',
    path: '/room/getActiveRoomInfo',
    body: { room_id: roomId() },
  });
  const select = $('hms-peer');
  select.textContent = '';
  for (const p of res.body.body?.room?.participants_info ?? []) {
    const option = document.createElement('option');
    option.value = p.sid;
    option.textContent = `${p.name} (${p.identity})`;
    select.append(option);
  }
  return res;
}

const text = (fallback) => $('pn-text').value.trim() || fallback;
const pn = (path, body) => post('/demo-api/call', { dialect: 'pn', path, body: { room_id: roomId(), ...body } });
const hms = (body) =>
  post('/demo-api/call', { dialect: 'hms', path: `/active-rooms/${encodeURIComponent(roomId())}/send-message`, body });
const rc = (body) => post('/demo-api/call', { dialect: 'rc', path: '/chatroom/broadcast.json', body });

const CALLS = {
  create: () => post('/demo-api/call', { dialect: 'pn', path: '/room/create', body: createBody() }),
  end: () => pn('/room/endRoom', {}),
  info: () => pn('/room/getActiveRoomInfo', {}),
  peers: refreshPeers,
  'pn-1': () =>
    pn('/room/broadcastToRoom', {
      chat_msg: { message: text('Hello everyone, the webinar will begin in 5 minutes.') },
    }),
  'pn-2': () =>
    pn('/room/broadcastToRoom', {
      to_user_id: 'user-456',
      notification_msg: { text: text('Your private document is ready for review.'), type: 0 },
    }),
  'pn-3': () =>
    pn('/room/broadcastToRoom', {
      only_to_admins: true,
      to_user_id: 'vip-user-789',
      notification_msg: { text: text('A VIP has just joined the waiting room.'), type: 1, with_sound: true },
    }),
  'pn-error': () =>
    pn('/room/broadcastToRoom', {
      notification_msg: { text: text('The room closes in 5 minutes.'), type: 3, with_sound: true },
    }),
  'hms-peer': () => hms({ peer_id: $('hms-peer').value, message: $('hms-message').value, type: $('hms-type').value }),
  'hms-role': () => hms({ role: $('hms-role').value, message: $('hms-message').value, type: $('hms-type').value }),
  'hms-all': () => hms({ message: $('hms-message').value, type: $('hms-type').value }),
  'poker-bet': () =>
    hms({ peer_id: $('hms-peer').value, message: JSON.stringify({ total_bet: 250 }), type: 'custom_event' }),
  'poker-showdown': () => hms({ message: JSON.stringify({ showdown: ['A♠', 'K♦'] }), type: 'custom_event' }),
  'rc-text': () =>
    rc({
      fromUserId: 'rongcloud-bot',
      objectName: 'RC:TxtMsg',
      content: JSON.stringify({ content: 'Hello from a RongCloud backend', extra: '' }),
      isIncludeSender: 0,
    }),
  'rc-custom': () =>
    rc({
      fromUserId: 'rongcloud-bot',
      objectName: 'App:Poll',
      content: JSON.stringify({ question: 'Lunch?' }),
      isIncludeSender: 0,
    }),
};
for (const button of document.querySelectorAll('[data-call]')) {
  button.addEventListener('click', async () => show(await CALLS[button.dataset.call]()));
}

chat.addEventListener('room-connection-change', (e) => e.detail.state === 'connected' && refreshPeers());
$('hms-peer').addEventListener('focus', refreshPeers);
await join();
