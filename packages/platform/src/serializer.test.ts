import Fastify from 'fastify';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSerializer, nullableForSerializer } from './serializer';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Live = Type.Object({
  at: Nullable(Type.String({ format: 'date-time' })),
  level: Nullable(Type.Number()),
});
const Page = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      color: Nullable(Type.String()),
      year: Nullable(Type.Integer()),
      live: Nullable(Live),
      kind: Type.Union([Type.Literal('a'), Type.Literal('b'), Type.Null()]),
    }),
  ),
});

describe('response serializer', () => {
  it('writes a nullable union as its type, nullable; leaves other unions and the schema alone', () => {
    const before = JSON.stringify(Page);
    const copy = nullableForSerializer(Page) as {
      properties: { items: { items: { properties: Record<string, Record<string, unknown>> } } };
    };
    const item = copy.properties.items.items.properties;
    expect(item.color).toEqual({ type: 'string', nullable: true });
    expect(item.year).toEqual({ type: 'integer', nullable: true });
    expect(item.live).toMatchObject({ type: 'object', nullable: true, required: ['at', 'level'] });
    expect((item.live?.properties as Record<string, unknown>).at).toEqual({
      type: 'string',
      format: 'date-time',
      nullable: true,
    });
    expect(item.kind?.anyOf).toHaveLength(3);
    expect(JSON.stringify(Page)).toBe(before);
  });

  describe('in a server', () => {
    const items = [
      { name: 'a "quoted" name', color: null, year: null, live: null, kind: null },
      { name: 'b', color: 'Red', year: 2024, live: { at: null, level: 0.5 }, kind: 'a' as const },
      { name: 'c', color: 'Blue', year: 2020, live: { at: new Date(0), level: null }, kind: 'b' as const },
    ];
    const servers = {
      fastify: Fastify(),
      nullable: Fastify({ schemaController: { compilersFactory: { buildSerializer } } }),
    };
    beforeAll(async () => {
      for (const app of Object.values(servers)) {
        app.get('/page', { schema: { response: { 200: Page } } }, async () => ({ items }));
        app.get('/wrong', { schema: { response: { 200: Page } } }, async () => ({
          items: [{ ...items[0], kind: 'c' }],
        }));
        await app.ready();
      }
    });
    afterAll(async () => {
      for (const app of Object.values(servers)) await app.close();
    });

    it("writes what Fastify's own serializer writes", async () => {
      const [mine, theirs] = await Promise.all(
        [servers.nullable, servers.fastify].map((app) => app.inject({ url: '/page' })),
      );
      expect(mine?.statusCode).toBe(200);
      expect(mine?.body).toBe(theirs?.body);
      expect(JSON.parse(mine?.body ?? '')).toEqual({
        items: items.map((i) => ({
          ...i,
          live: i.live && { ...i.live, at: i.live.at?.toISOString() ?? null },
        })),
      });
    });

    it('still refuses a value no union option takes', async () => {
      expect((await servers.nullable.inject({ url: '/wrong' })).statusCode).toBe(500);
    });
  });
});
