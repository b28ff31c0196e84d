// STUB: replaced by the feature owner.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';

export const authRoutes: FastifyPluginAsync<{ config: Config }> = async () => {};
