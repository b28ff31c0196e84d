// STUB: replaced by the mailbox/message owner.
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

export const imapPlugin = fp<{ config: Config }>(async () => {});
