import { ApiError } from '@reelback/shared';
import * as z from 'zod';
import { requiredRole } from '../http/owner-auth.js';
import type { ApiRoute, ResponseSpec } from '../http/route.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  tags: { name: string }[];
}

const API_ERROR_REF = { $ref: '#/components/schemas/ApiError' };

/** OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod 4 emits; requests are described as sent (`input`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
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

function operation(route: ApiRoute) {
  const body = route.body;
  const responses = { ...commonErrors(route), ...route.responses };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.access === 'owner' ? [{ ownerKey: [] }, { session: [] }] : [],
    ...(route.access === 'owner' ? { 'x-min-role': requiredRole(route) } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(body.description ? { description: body.description } : {}),
            content: Object.fromEntries(
              ['application/json', ...(body.alsoAccept ?? [])].map((type) => [type, { schema: jsonSchema(body.schema, 'input') }]),
            ),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(responses)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, spec]) => [status, response(spec, Number(status))]),
    ),
  };
}

/** Built from the same route table the app registers, so the document cannot drift from the code. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string): OpenApiDocument {
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
        'by default `manager` for reads and `owner` for changes; API keys need the `read`, `write` or (admin routes) `admin` scope. ' +
        'Every error is an `ApiError` naming the fields at fault.',
    },
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
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
  };
}
