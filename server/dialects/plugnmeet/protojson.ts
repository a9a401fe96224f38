import { ApiError } from '../../http/errors.ts';

/**
 * Just enough of protobuf's JSON mapping for plugNmeet's wire. plugnmeet-sdk-js 2.x posts `toJsonString` of
 * plugnmeet-protocol's messages (lowerCamelCase names, enums by name, 64-bit integers as strings, defaults left out);
 * 1.4.1 and hand-written backends post the proto names in snake_case. plugNmeet's server reads both (protojson), so
 * does this door: `readRequest` turns either into the proto-name shape the door's JSON schemas check.
 */

export type Scalar = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64';

export interface EnumType {
  readonly name: string;
  /** Value names by number: every enum used here numbers its values 0, 1, 2, … */
  readonly values: readonly string[];
}

export interface MessageType {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
}

export interface Field {
  readonly kind: Scalar | EnumType | (() => MessageType);
  readonly list?: boolean;
  /** map<string, kind> */
  readonly map?: boolean;
  /** proto3 `optional` (or a message): left out of a reply when unset, where the others are written at their default. */
  readonly optional?: boolean;
  readonly oneof?: string;
  /** Older plugNmeet docs (the seeds) give some whole-number fields fractions; the door has always kept them. */
  readonly fraction?: boolean;
}

export const message = (name: string, fields: Record<string, Field>): MessageType => ({ name, fields });
export const enumType = (name: string, values: readonly string[]): EnumType => ({ name, values });

/** protoc's JSON name: `room_id` → `roomId`, `Requested_user_id` → `RequestedUserId`. */
export function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defining, not assigning: a key such as `__proto__` stays a plain key and never reaches a prototype. */
function put(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const lookups = new WeakMap<MessageType, Map<string, string>>();

/** Both spellings of each field, to its proto name. */
function namesOf(type: MessageType): Map<string, string> {
  let names = lookups.get(type);
  if (!names) {
    names = new Map();
    for (const name of Object.keys(type.fields)) names.set(name, name).set(jsonName(name), name);
    lookups.set(type, names);
  }
  return names;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * A request body in the proto-name shape. Only what protobuf-JSON allows and the JSON schemas would otherwise refuse
 * is rewritten: camelCase names, enum names, integers written as strings, `null` for "not set". Values of a wrong
 * type are left for the schemas, whose refusals name the field; fields the description lacks pass through untouched,
 * as plugNmeet ignores them (`DiscardUnknown`) and the door has always kept the room metadata as given.
 */
export function readRequest(type: MessageType, body: unknown): unknown {
  return isObject(body) ? readMessage(type, body, '') : body;
}

/** Whether the body names a top-level field by its JSON name (`roomId`): a protobuf-JSON client such as 2.x. */
export function usesJsonNames(type: MessageType, body: unknown): boolean {
  if (!isObject(body)) return false;
  const names = namesOf(type);
  return Object.keys(body).some((key) => names.has(key) && names.get(key) !== key);
}

function readMessage(type: MessageType, json: Json, path: string): Json {
  const names = namesOf(type);
  const out: Json = {};
  const seenAs = new Map<string, string>();
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const name = names.get(key);
    if (name === undefined) {
      if (!Object.hasOwn(out, key)) put(out, key, value);
      continue;
    }
    const field = type.fields[name]!;
    const earlier = seenAs.get(name);
    if (earlier !== undefined) throw new ApiError(400, join(path, name), `is given twice (as ${earlier} and ${key})`);
    seenAs.set(name, key);
    if (value === null) continue;
    if (field.oneof) {
      const other = oneofs.get(field.oneof);
      if (other !== undefined)
        throw new ApiError(400, join(path, name), `only one of ${other} and ${name} may be given`);
      oneofs.set(field.oneof, name);
    }
    put(out, name, readField(field, value, join(path, name)));
  }
  return out;
}

function readField(field: Field, value: unknown, path: string): unknown {
  if (field.list && Array.isArray(value)) return value.map((item, i) => readSingle(field, item, `${path}[${i}]`));
  if (field.map && isObject(value)) {
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) put(out, key, readSingle(field, item, `${path}.${key}`));
    return out;
  }
  return field.list || field.map ? value : readSingle(field, value, path);
}

function readSingle(field: Field, value: unknown, path: string): unknown {
  const kind = field.kind;
  if (typeof kind === 'function') return isObject(value) ? readMessage(kind(), value, path) : value;
  if (typeof kind === 'object') return readEnum(kind, value, path);
  if (kind === 'string' || kind === 'bool') return value;
  return readInteger(kind, value, path, field.fraction === true);
}

/** Lower-case words are the older docs' spellings (`"info"`, `"warning"`): left for the JSON schema, which accepts them. */
const LEGACY_ENUM_WORDS = /^[a-z]+$/;

function readEnum(type: EnumType, value: unknown, path: string): unknown {
  if (typeof value !== 'string' || LEGACY_ENUM_WORDS.test(value)) return value;
  const number = type.values.indexOf(value);
  if (number < 0) throw new ApiError(400, path, `must be one of ${type.values.join(', ')} (or its number)`);
  return number;
}

const RANGES: Record<'int32' | 'uint32' | 'int64' | 'uint64', [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  // 64-bit values above 2^53 have no exact JavaScript number; nothing the door stores comes near.
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

const NUMERIC_STRING = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A number is left for the JSON schema's own bounds; a string (protobuf-JSON's 64-bit form) is checked here. */
function readInteger(kind: keyof typeof RANGES, value: unknown, path: string, fraction: boolean): unknown {
  if (typeof value !== 'string') return value;
  if (!NUMERIC_STRING.test(value))
    throw new ApiError(
      400,
      path,
      `must be an integer (a number or a string of digits), got ${JSON.stringify(value.slice(0, 40))}`,
    );
  const number = Number(value);
  if (!fraction && !Number.isInteger(number)) throw new ApiError(400, path, `must be an integer, got ${value}`);
  const [min, max] = RANGES[kind];
  if (number < min || number > max) throw new ApiError(400, path, `must be between ${min} and ${max} (${kind})`);
  return number;
}

/**
 * A reply as plugNmeet's server writes it (`protojson` with `UseProtoNames` and `EmitUnpopulated`): proto names,
 * every field present at its default unless it is `optional` or a message, enums by name. 64-bit integers are
 * written as JSON numbers: protobuf-JSON parsers accept them (2.x's `fromJsonString`), and 1.4.1's types say number.
 * A value key the description lacks is a bug here, never sent: 2.x's strict parse would throw in the backend.
 */
export function writeReply(type: MessageType, value: Json): Json {
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(type.fields, key)) throw new Error(`${type.name} has no field ${key}`);
  }
  // Keys come from the description only, so plain assignment is safe here.
  const out: Json = {};
  for (const [name, field] of Object.entries(type.fields)) {
    const v = value[name];
    if (v === undefined || v === null) {
      if (field.list || field.map) out[name] = field.list ? [] : {};
      else if (!field.optional && typeof field.kind !== 'function') out[name] = defaultOf(field.kind);
      continue;
    }
    out[name] = field.list ? (v as unknown[]).map((item) => writeSingle(field, item)) : writeSingle(field, v);
  }
  return out;
}

function writeSingle(field: Field, value: unknown): unknown {
  const kind = field.kind;
  if (typeof kind === 'function') return writeReply(kind(), value as Json);
  if (typeof kind === 'object') {
    const name = typeof value === 'number' ? kind.values[value] : value;
    if (typeof name !== 'string' || !kind.values.includes(name))
      throw new Error(`${kind.name} has no value ${String(value)}`);
    return name;
  }
  return value;
}

function defaultOf(kind: Scalar | EnumType): unknown {
  if (typeof kind === 'object') return kind.values[0];
  return kind === 'string' ? '' : kind === 'bool' ? false : 0;
}
