import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { MessageDetail } from '@pigeon/shared';
import { schemaSamples, warmSerializerCompiler } from './warm-serializer.ts';

describe('schemaSamples', () => {
  it('takes the first and the last branch of every union, and one item per array', () => {
    const schema = Type.Object({
      notice: Type.Union([Type.Literal('a'), Type.Literal('b'), Type.Null()]),
      list: Type.Array(Type.Object({ n: Type.Integer(), s: Type.Union([Type.String(), Type.Null()]) })),
      ok: Type.Boolean(),
    });
    expect(schemaSamples(schema)).toEqual([
      { notice: 'a', list: [{ n: 0, s: '' }], ok: false },
      { notice: null, list: [{ n: 0, s: null }], ok: false },
    ]);
  });
});

describe('warmSerializerCompiler', () => {
  it('builds serializers that still write what the schema says', () => {
    const serialize = warmSerializerCompiler()({ schema: MessageDetail, method: 'GET', url: '/x', httpStatus: '200' });
    const first = schemaSamples(MessageDetail)[0] as Record<string, unknown>;
    const out = JSON.parse(
      serialize({ ...first, subject: '<b>hi</b>', bodyNotice: 'tooComplex', from: null }),
    ) as Record<string, unknown>;
    expect(out).toMatchObject({ subject: '<b>hi</b>', bodyNotice: 'tooComplex', from: null });
  });
});
