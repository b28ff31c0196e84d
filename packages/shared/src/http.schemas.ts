import { Type } from '@sinclair/typebox';

/** A 204 answer: no body. */
export const NoContent = Type.Null({ description: 'No content' });

/** A response that is a file's bytes, not JSON (in OpenAPI: a binary string of `mediaType`). */
export const fileResponse = (description: string, mediaType = 'application/octet-stream') => ({
  description,
  content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } },
});
