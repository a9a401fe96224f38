import {
  create,
  fromJson,
  toJson,
  type DescMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { ApiError } from '../../http/errors.ts';

/**
 * plugNmeet's wire is protobuf-JSON of plugnmeet-protocol's messages (compiled from the vendored `.proto` files into
 * `gen/`, see `proto/README.md`). Requests are read as plugNmeet's own server reads them (`DiscardUnknown`); replies
 * are written as it writes them (proto field names, every field present), so both SDK generations parse them.
 */
export function decode<S extends DescMessage>(schema: S, body: unknown): MessageShape<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'body', 'must be a JSON object');
  try {
    return fromJson(schema, body as JsonValue, { ignoreUnknownFields: true });
  } catch (error) {
    throw decodeError(schema, error);
  }
}

export function encode<S extends DescMessage>(schema: S, init: MessageInitShape<S>): JsonValue {
  return toJson(schema, create(schema, init), { useProtoFieldName: true, alwaysEmitImplicit: true });
}

/** Where each message type first sits under the request's root, so an error names `metadata.room_features.x`. */
const pathCache = new WeakMap<DescMessage, Map<string, string>>();

function pathsOf(root: DescMessage): Map<string, string> {
  let paths = pathCache.get(root);
  if (paths) return paths;
  paths = new Map([[root.typeName, '']]);
  const queue: DescMessage[] = [root];
  while (queue.length > 0) {
    const message = queue.shift()!;
    const prefix = paths.get(message.typeName)!;
    for (const field of message.fields) {
      const child = field.message;
      if (!child || paths.has(child.typeName)) continue;
      paths.set(child.typeName, prefix ? `${prefix}.${field.name}` : field.name);
      queue.push(child);
    }
  }
  pathCache.set(root, paths);
  return paths;
}

function decodeError(root: DescMessage, error: unknown): ApiError {
  const text = error instanceof Error ? error.message : String(error);
  // protobuf-es: `cannot decode field plugnmeet.X.name from JSON: problem` (or `oneof plugnmeet.X.payload`)
  const match = /^cannot decode (?:field|oneof) ([\w.]+)\.(\w+) from JSON: (.*)$/s.exec(text);
  if (!match) return new ApiError(400, 'body', 'is not a valid plugNmeet request');
  const [, typeName, name, problem] = match as unknown as [string, string, string, string];
  const prefix = pathsOf(root).get(typeName);
  const field = prefix ? `${prefix}.${name}` : name;
  const oneof = /oneof set multiple times by (\w+) and (\w+)/.exec(problem);
  if (oneof) return new ApiError(400, prefix ? `${prefix}.${oneof[1]}` : oneof[1]!, `only one of ${oneof[1]} and ${oneof[2]} may be given`);
  return new ApiError(400, field, problem.length > 200 ? `${problem.slice(0, 200)}…` : problem);
}
