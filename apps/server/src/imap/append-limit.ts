import type { ImapFlow } from 'imapflow';

/** The server's APPENDLIMIT (RFC 7889) from its capabilities, 0 when it announces none or no number. */
export const appendLimitOf = (client: ImapFlow): number => Number(client.capabilities.get('APPENDLIMIT') ?? 0) || 0;
