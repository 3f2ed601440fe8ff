import { ApiError } from '@reelback/shared';
import * as z from 'zod';
import { requiredRole, requiredScope } from '../http/owner-auth.js';
import type { ApiRoute, ResponseSpec } from '../http/route.js';
import { TAG_DESCRIPTIONS } from './tags.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; url?: string; identifier?: string } };
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  tags: { name: string; description?: string }[];
}

/**
 * The repository has no LICENSE file yet, so nobody has been granted a licence: the document says so in npm's word
 * for it. When the project chooses one, put its SPDX identifier here (and in the package manifests).
 */
export const API_LICENSE = { name: 'UNLICENSED (no licence chosen yet)' };

const API_ERROR_REF = { $ref: '#/components/schemas/ApiError' };

/** OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod 4 emits; requests are described as sent (`input`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return namedRecordKeys(rest) as JsonSchema;
}

/**
 * zod describes a record over an enum (`z.record(AnswerKind, z.number())`) as `required` keys with only
 * `additionalProperties`: valid JSON Schema, but generated clients see an object without fields. Each required key
 * that has no property gets the value schema as its property.
 */
function namedRecordKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(namedRecordKeys);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, namedRecordKeys(value)]));
  const { required, additionalProperties } = out;
  if (Array.isArray(required) && additionalProperties && typeof additionalProperties === 'object') {
    const properties = { ...(out.properties as Record<string, unknown> | undefined) };
    for (const key of required) if (typeof key === 'string' && !(key in properties)) properties[key] = additionalProperties;
    out.properties = properties;
  }
  return out;
}

/** `/flows/:flowId` → `/flows/{flowId}` */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  if (!(schema instanceof z.ZodObject)) throw new Error(`${where} parameters must be described by a zod object`);
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: where,
    // A field that accepts "absent" (optional or with a default) is an optional parameter.
    required: where === 'path' || !field.safeParse(undefined).success,
    schema: jsonSchema(field, 'input'),
  }));
}

function response({ description, schema, contentType }: ResponseSpec, status: number) {
  if (schema) return { description, content: { [contentType ?? 'application/json']: { schema: jsonSchema(schema, 'output') } } };
  if (contentType) return { description, content: { [contentType]: {} } };
  if (status >= 400) return { description, content: { 'application/json': { schema: API_ERROR_REF } } };
  return { description };
}

/** The errors every route of a kind can answer, so no route has to remember to list them. */
function commonErrors(route: ApiRoute): Record<number, ResponseSpec> {
  const errors: Record<number, ResponseSpec> = {};
  if (route.body || route.params || route.query) {
    errors[400] = { description: 'The request does not match the schema (`invalid-request`, with issues) or is not JSON (`invalid-json`)' };
  }
  if (route.access === 'owner') {
    errors[401] = { description: 'No valid admin key, API key or session (`unauthorized`)' };
    errors[403] = {
      description:
        'The role or API key scopes do not allow this (`forbidden`, `insufficient-scope`), ' +
        'or a cookie session sent no or a wrong X-CSRF-Token (`csrf`)',
    };
  }
  if (route.body) {
    errors[413] = { description: 'The body is over the size limit (`payload-too-large`)' };
    errors[415] = { description: 'The body is not sent as JSON (`unsupported-media-type`)' };
  }
  errors[500] = { description: 'A bug on the server (`internal`); it was logged' };
  return errors;
}

/**
 * For routes that declare no client error of their own (health, the docs): any path answers another method with
 * 404 `not-found`, and clients should know a 4xx is an ApiError.
 */
const ANY_CLIENT_ERROR = {
  description: 'A request this route does not serve, e.g. another method on this path (404 `not-found`)',
  content: { 'application/json': { schema: API_ERROR_REF } },
};

/** The request body: JSON against its schema, or bytes of the given types (an archive). */
function requestBody(route: ApiRoute) {
  const { body, rawBody } = route;
  if (body) {
    return {
      required: true,
      ...(body.description ? { description: body.description } : {}),
      content: Object.fromEntries(['application/json', ...(body.alsoAccept ?? [])].map((type) => [type, { schema: jsonSchema(body.schema, 'input') }])),
    };
  }
  if (rawBody) {
    return {
      required: true,
      description: rawBody.description,
      content: Object.fromEntries(rawBody.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    };
  }
  return undefined;
}

function operation(route: ApiRoute) {
  const body = requestBody(route);
  const responses = { ...commonErrors(route), ...route.responses };
  const described: Record<string, unknown> = Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, spec]) => [status, response(spec, Number(status))]),
  );
  if (!Object.keys(described).some((status) => status.startsWith('4'))) described['4XX'] = ANY_CLIENT_ERROR;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.access === 'owner' ? [{ ownerKey: [] }, { session: [] }] : [],
    ...(route.access === 'owner' ? { 'x-min-role': requiredRole(route), 'x-api-key-scope': requiredScope(route) } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(body ? { requestBody: body } : {}),
    responses: described,
  };
}

/** Built from the same route table the app registers, so the document cannot drift from the code. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string, serverUrl: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reelback API',
      version,
      description:
        'Public routes (flows for widgets, sessions, events) answer any origin. ' +
        'Owner routes need `Authorization: Bearer <admin key or API key>` or the `reelback_session` cookie from login ' +
        '(then POST/PUT/PATCH/DELETE also need `X-CSRF-Token`). `x-min-role` names the weakest role a route accepts: ' +
        'by default `manager` for reads and `owner` for changes; `x-api-key-scope` the scope an API key needs for it (`read` where ' +
        'managers may, `write` where owners may, `admin` for admin routes; a stronger scope covers the weaker ones). ' +
        'Every error is an `ApiError` naming the fields at fault.',
      license: API_LICENSE,
    },
    servers: [{ url: serverUrl, description: 'This server (REELBACK_PUBLIC_URL when set, else the address this document was asked at)' }],
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiError, 'output') },
      securitySchemes: {
        ownerKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The server admin key (REELBACK_ADMIN_KEY: an admin of the bootstrap workspace) or a workspace API key (`rb_…`)',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'reelback_session', description: 'The login cookie; writes also need X-CSRF-Token' },
      },
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
  };
}
