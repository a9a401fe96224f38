import { create, createFileRegistry, type DescMessage } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldOptions_JSType,
  FileDescriptorProtoSchema,
  type DescriptorProto,
  type FieldDescriptorProto,
} from '@bufbuild/protobuf/wkt';

/**
 * The plugnmeet-protocol v1.5.0 messages plugnmeet-sdk-js 2.2 sends and parses, written out for the tests in a
 * shorthand of this project's own and turned into @bufbuild/protobuf descriptors at run time (the SDK's runtime,
 * the SDK's version). The server's own description (`server/dialects/plugnmeet/messages.ts`) is not used: these
 * are the test's independent statement of the protocol. Reply messages list the protocol's fields that the room
 * server may write, so a field the protocol lacks fails the strict parse; LiveKit's `ParticipantInfo` lists the
 * subset a widget connection has (any other field the server wrote would fail too).
 *
 * Shorthand: `name:type`, `?` = proto3 optional, `[]` = repeated, `|group` = member of oneof `group`. 64-bit
 * integers carry `jstype = JS_STRING`, as the protocol's JS build sets it.
 */
const SCHEMA = `
enum StatusCode UNKNOWN_STATUS SUCCESS PERMISSION_DENIED NOT_FOUND CONFLICT INVALID_TOKEN_OR_SIGNATURE INVALID_API_KEY INTERNAL_SERVER_ERROR INVALID_PARAMETERS MISSING_REQUIRED_PARAMETER ROOM_NOT_FOUND USER_NOT_FOUND USER_BLOCKED USER_NOT_ACTIVE ROOM_NOT_ACTIVE
enum NatsSystemNotificationTypes NATS_SYSTEM_NOTIFICATION_INFO NATS_SYSTEM_NOTIFICATION_WARNING NATS_SYSTEM_NOTIFICATION_ERROR
enum ClientType WEB HYBRID_WEB
enum ParticipantState JOINING JOINED ACTIVE DISCONNECTED

message LockSettings lock_microphone:bool? lock_webcam:bool? lock_screen_sharing:bool? lock_chat:bool? lock_chat_send_message:bool? lock_chat_file_share:bool? lock_private_chat:bool? lock_whiteboard:bool? lock_shared_notepad:bool? lock_reactions:bool?
message ChatFeatures is_allow:bool is_allow_file_upload:bool allowed_file_types:string[] max_file_size:uint64?
message RoomCreateFeatures allow_webcams:bool mute_on_start:bool allow_screen_share:bool allow_rtmp:bool? allow_view_other_webcams:bool allow_view_other_users_list:bool admin_only_webcams:bool room_duration:uint64? enable_analytics:bool allow_virtual_bg:bool? allow_raise_hand:bool? chat_features:ChatFeatures allow_reactions:bool?
message RoomMetadata room_title:string welcome_message:string? is_recording:bool is_active_rtmp:bool parent_room_id:string is_breakout_room:bool webhook_url:string? started_at:uint64 logout_url:string? room_features:RoomCreateFeatures default_lock_settings:LockSettings metadata_id:string?
message CreateRoomReq room_id:string empty_timeout:uint32? max_participants:uint32? metadata:RoomMetadata
message UserInfo name:string user_id:string is_admin:bool is_hidden:bool client_type:ClientType
message GenerateTokenReq room_id:string user_info:UserInfo
message IsRoomActiveReq room_id:string
message GetActiveRoomInfoReq room_id:string
message RoomEndReq room_id:string
message BroadcastToRoomChatMessage message:string
message BroadcastToRoomNotificationMsg text:string type:NatsSystemNotificationTypes with_sound:bool
message BroadcastToRoomReq room_id:string only_to_admins:bool to_user_id:string? chat_msg:BroadcastToRoomChatMessage|payload notification_msg:BroadcastToRoomNotificationMsg|payload

message CommonResponse status:bool msg:string status_code:StatusCode
message ActiveRoomInfo room_title:string room_id:string sid:string joined_participants:int64 is_running:int32 is_recording:int32 is_active_rtmp:int32 webhook_url:string is_breakout_room:int32 parent_room_id:string creation_time:int64 metadata:string
message ParticipantInfo sid:string identity:string state:ParticipantState metadata:string joined_at:int64 joined_at_ms:int64 name:string version:uint32 is_publisher:bool
message ActiveRoomWithParticipant room_info:ActiveRoomInfo? participants_info:ParticipantInfo[]
message CreateRoomRes status:bool msg:string status_code:StatusCode room_info:ActiveRoomInfo
message GenerateTokenRes status:bool msg:string status_code:StatusCode token:string?
message IsRoomActiveRes status:bool msg:string status_code:StatusCode is_active:bool
message GetActiveRoomInfoRes status:bool msg:string status_code:StatusCode room:ActiveRoomWithParticipant
message GetActiveRoomsInfoRes status:bool msg:string status_code:StatusCode rooms:ActiveRoomWithParticipant[]
message RoomEndRes status:bool msg:string status_code:StatusCode
`;

const T = FieldDescriptorProto_Type;
const SCALARS: Record<string, FieldDescriptorProto_Type> = {
  string: T.STRING,
  bool: T.BOOL,
  int32: T.INT32,
  uint32: T.UINT32,
  int64: T.INT64,
  uint64: T.UINT64,
};

/** protoc's json_name: each `_x` becomes `X`. */
const lowerCamel = (name: string) =>
  name
    .split('_')
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');

function parse(schema: string) {
  const enums = new Set<string>();
  const lines = schema
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/));
  for (const [word, name] of lines) if (word === 'enum') enums.add(name!);
  const enumType = lines
    .filter(([w]) => w === 'enum')
    .map(([, name, ...values]) => ({ name, value: values.map((v, number) => ({ name: v, number })) }));
  const messageType = lines
    .filter(([w]) => w === 'message')
    .map(([, name, ...specs]): Partial<DescriptorProto> => {
      const oneofs: string[] = [];
      const field = specs.map((spec, i): Partial<FieldDescriptorProto> => {
        const m = /^(\w+):(\w+)(\?|\[\])?(?:\|(\w+))?$/.exec(spec);
        if (!m) throw new Error(`bad field ${spec} in ${name}`);
        const [, fieldName, typeName, suffix, group] = m as unknown as [
          string,
          string,
          string,
          string | undefined,
          string | undefined,
        ];
        const scalar = SCALARS[typeName];
        const base: Partial<FieldDescriptorProto> = {
          name: fieldName,
          jsonName: lowerCamel(fieldName),
          number: i + 1,
          label: suffix === '[]' ? FieldDescriptorProto_Label.REPEATED : FieldDescriptorProto_Label.OPTIONAL,
          type: scalar ?? (enums.has(typeName) ? T.ENUM : T.MESSAGE),
          ...(scalar === undefined ? { typeName: `.plugnmeet.${typeName}` } : {}),
          ...(typeName.endsWith('64') ? { options: { jstype: FieldOptions_JSType.JS_STRING } as never } : {}),
        };
        const oneof = suffix === '?' ? `_${fieldName}` : group;
        if (oneof === undefined) return base;
        if (!oneofs.includes(oneof)) oneofs.push(oneof);
        return { ...base, oneofIndex: oneofs.indexOf(oneof), proto3Optional: suffix === '?' };
      });
      return { name, field: field as FieldDescriptorProto[], oneofDecl: oneofs.map((o) => ({ name: o })) as never };
    });
  return create(FileDescriptorProtoSchema, {
    name: 'plugnmeet-test.proto',
    package: 'plugnmeet',
    syntax: 'proto3',
    enumType,
    messageType,
  } as never);
}

const registry = createFileRegistry(parse(SCHEMA), () => undefined);

export function schema(name: string): DescMessage {
  const desc = registry.getMessage(`plugnmeet.${name}`);
  if (!desc) throw new Error(`no message ${name}`);
  return desc;
}
