/** What a client last saw of one mailbox: enough to ask "what changed since" (CONDSTORE) or to find a listing snapshot. */
export interface SyncState {
  uidValidity: string;
  uidNext: number;
  /** HIGHESTMODSEQ as a decimal string (it can exceed 2^53); null on servers without CONDSTORE */
  highestModseq: string | null;
  /** id of a stored UID/flags listing, for servers without CONDSTORE */
  snapshot: string | null;
}

interface Wire {
  v: string;
  n: number;
  m?: string;
  s?: string;
}

/** Opaque to the client: base64url JSON. Pure. */
export function encodeSyncToken(state: SyncState): string {
  const wire: Wire = { v: state.uidValidity, n: state.uidNext };
  if (state.highestModseq !== null) wire.m = state.highestModseq;
  if (state.snapshot !== null) wire.s = state.snapshot;
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** The state behind a token, or null for anything malformed (the caller then answers `reset`). Pure. */
export function decodeSyncToken(token: string | undefined): SyncState | null {
  if (!token || token.length > 2000) return null;
  let wire: Partial<Wire>;
  try {
    wire = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Wire>;
  } catch {
    return null;
  }
  if (!wire || typeof wire !== 'object') return null;
  if (typeof wire.v !== 'string' || !/^\d{1,20}$/.test(wire.v)) return null;
  if (typeof wire.n !== 'number' || !Number.isInteger(wire.n) || wire.n < 1) return null;
  if (wire.m !== undefined && (typeof wire.m !== 'string' || !/^\d{1,20}$/.test(wire.m))) return null;
  if (wire.s !== undefined && (typeof wire.s !== 'string' || !/^[\w-]{1,64}$/.test(wire.s))) return null;
  if (wire.m === undefined && wire.s === undefined) return null;
  return { uidValidity: wire.v, uidNext: wire.n, highestModseq: wire.m ?? null, snapshot: wire.s ?? null };
}
