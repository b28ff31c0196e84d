// STUB: replaced by the auth owner.
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

export const sessionPlugin = fp<{ config: Config }>(async () => {});
