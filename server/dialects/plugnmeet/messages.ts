import { enumType, message, type Field, type MessageType } from './protojson.ts';

/**
 * The plugnmeet-protocol v1.5.0 messages this door reads and writes (what plugnmeet-sdk-js 2.2 sends), described in
 * this project's own terms. Request messages list the fields the door uses or echoes back in the room metadata;
 * the others pass through unread. Reply messages list every field the door writes, and only real ones.
 */

const string: Field = { kind: 'string' };
const bool: Field = { kind: 'bool' };
const int32: Field = { kind: 'int32' };
const uint32: Field = { kind: 'uint32' };
const int64: Field = { kind: 'int64' };
const uint64: Field = { kind: 'uint64' };
const optionalString: Field = { kind: 'string', optional: true };
const optionalBool: Field = { kind: 'bool', optional: true };
const strings: Field = { kind: 'string', list: true };
const of = (type: () => MessageType, more: Omit<Field, 'kind'> = {}): Field => ({ kind: type, ...more });
const bools = (...names: string[]): Record<string, Field> => Object.fromEntries(names.map((n) => [n, bool]));
const optionalBools = (...names: string[]): Record<string, Field> =>
  Object.fromEntries(names.map((n) => [n, optionalBool]));

export const StatusCode = enumType('plugnmeet.StatusCode', [
  'UNKNOWN_STATUS',
  'SUCCESS',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TOKEN_OR_SIGNATURE',
  'INVALID_API_KEY',
  'INTERNAL_SERVER_ERROR',
  'INVALID_PARAMETERS',
  'MISSING_REQUIRED_PARAMETER',
  'ROOM_NOT_FOUND',
  'USER_NOT_FOUND',
  'USER_BLOCKED',
  'USER_NOT_ACTIVE',
  'ROOM_NOT_ACTIVE',
]);

export const NotificationType = enumType('plugnmeet.NatsSystemNotificationTypes', [
  'NATS_SYSTEM_NOTIFICATION_INFO',
  'NATS_SYSTEM_NOTIFICATION_WARNING',
  'NATS_SYSTEM_NOTIFICATION_ERROR',
]);

const ClientType = enumType('plugnmeet.ClientType', ['WEB', 'HYBRID_WEB']);
export const ParticipantState = enumType('livekit.ParticipantInfo.State', [
  'JOINING',
  'JOINED',
  'ACTIVE',
  'DISCONNECTED',
]);

// ---- requests

const LockSettings = message(
  'plugnmeet.LockSettings',
  optionalBools(
    'lock_microphone',
    'lock_webcam',
    'lock_screen_sharing',
    'lock_chat',
    'lock_chat_send_message',
    'lock_chat_file_share',
    'lock_private_chat',
    'lock_whiteboard',
    'lock_shared_notepad',
    'lock_reactions',
  ),
);

const ChatFeatures = message('plugnmeet.ChatFeatures', {
  is_allow: bool,
  is_allow_file_upload: bool,
  allowed_file_types: strings,
  max_file_size: { kind: 'uint64', optional: true, fraction: true },
});

const RoomCreateFeatures = message('plugnmeet.RoomCreateFeatures', {
  ...bools(
    'allow_webcams',
    'mute_on_start',
    'allow_screen_share',
    'allow_view_other_webcams',
    'allow_view_other_users_list',
    'admin_only_webcams',
    'enable_analytics',
  ),
  ...optionalBools('allow_rtmp', 'allow_virtual_bg', 'allow_raise_hand', 'allow_reactions', 'auto_gen_user_id'),
  room_duration: { kind: 'uint64', optional: true, fraction: true },
  chat_features: of(() => ChatFeatures),
});

const RoomMetadata = message('plugnmeet.RoomMetadata', {
  room_title: string,
  welcome_message: optionalString,
  is_recording: bool,
  is_active_rtmp: bool,
  parent_room_id: string,
  is_breakout_room: bool,
  webhook_url: optionalString,
  started_at: uint64,
  logout_url: optionalString,
  room_features: of(() => RoomCreateFeatures),
  default_lock_settings: of(() => LockSettings),
  metadata_id: optionalString,
  extra_data: { kind: 'string', map: true },
});

export const CreateRoomReq = message('plugnmeet.CreateRoomReq', {
  room_id: string,
  empty_timeout: { kind: 'uint32', optional: true, fraction: true },
  max_participants: { kind: 'uint32', optional: true },
  metadata: of(() => RoomMetadata),
});

const UserInfo = message('plugnmeet.UserInfo', {
  name: string,
  user_id: string,
  is_admin: bool,
  is_hidden: bool,
  client_type: { kind: ClientType },
});

export const GenerateTokenReq = message('plugnmeet.GenerateTokenReq', {
  room_id: string,
  user_info: of(() => UserInfo),
});

/** IsRoomActiveReq, GetActiveRoomInfoReq and RoomEndReq: the room id only. */
export const RoomIdReq = message('plugnmeet.RoomEndReq', { room_id: string });

const BroadcastChat = message('plugnmeet.BroadcastToRoomChatMessage', { message: string });
const BroadcastNotification = message('plugnmeet.BroadcastToRoomNotificationMsg', {
  text: string,
  type: { kind: NotificationType },
  with_sound: bool,
  /** An extension of this server: see door.ts. */
  id: optionalString,
});

export const BroadcastToRoomReq = message('plugnmeet.BroadcastToRoomReq', {
  room_id: string,
  only_to_admins: bool,
  to_user_id: optionalString,
  chat_msg: of(() => BroadcastChat, { oneof: 'payload' }),
  notification_msg: of(() => BroadcastNotification, { oneof: 'payload' }),
});

// ---- replies

const common = { status: bool, msg: string, status_code: { kind: StatusCode } } satisfies Record<string, Field>;

/** CommonResponse, and RoomEndRes, which has the same fields. */
export const CommonResponse = message('plugnmeet.CommonResponse', common);

export const ActiveRoomInfo = message('plugnmeet.ActiveRoomInfo', {
  room_title: string,
  room_id: string,
  sid: string,
  joined_participants: int64,
  is_running: int32,
  is_recording: int32,
  is_active_rtmp: int32,
  webhook_url: string,
  is_breakout_room: int32,
  parent_room_id: string,
  creation_time: int64,
  metadata: string,
});

/** LiveKit's ParticipantInfo, the fields a widget connection has. */
const ParticipantInfo = message('livekit.ParticipantInfo', {
  sid: string,
  identity: string,
  state: { kind: ParticipantState },
  metadata: string,
  joined_at: int64,
  joined_at_ms: int64,
  name: string,
  version: uint32,
  is_publisher: bool,
});

const ActiveRoomWithParticipant = message('plugnmeet.ActiveRoomWithParticipant', {
  room_info: of(() => ActiveRoomInfo, { optional: true }),
  participants_info: of(() => ParticipantInfo, { list: true }),
});

export const CreateRoomRes = message('plugnmeet.CreateRoomRes', { ...common, room_info: of(() => ActiveRoomInfo) });
export const GenerateTokenRes = message('plugnmeet.GenerateTokenRes', { ...common, token: optionalString });
export const IsRoomActiveRes = message('plugnmeet.IsRoomActiveRes', { ...common, is_active: bool });
export const GetActiveRoomInfoRes = message('plugnmeet.GetActiveRoomInfoRes', {
  ...common,
  room: of(() => ActiveRoomWithParticipant),
});
export const GetActiveRoomsInfoRes = message('plugnmeet.GetActiveRoomsInfoRes', {
  ...common,
  rooms: of(() => ActiveRoomWithParticipant, { list: true }),
});
