import { baseCompile } from '@intlify/message-compiler';

/** A message as vue-i18n's runtime evaluates it without its compiler: the compiler's AST, in short keys. */
export type CompiledMessage = { t: 0; b: unknown };
export type CompiledMessages = { [key: string]: CompiledMessage | CompiledMessages };
type Messages = { [key: string]: string | Messages };

/**
 * Compiles one message at build time (decision 023), so the browser never needs the message compiler. A
 * message without placeholders keeps only its text (`s`), which is all the runtime reads of it.
 * Throws on a message the compiler rejects, naming its key, so a broken translation fails the build.
 */
export function compileMessage(key: string, source: string): CompiledMessage {
  const errors: string[] = [];
  const { ast } = baseCompile(source, {
    jit: true,
    minify: true,
    location: false,
    onError: (e) => errors.push(e.message),
  });
  if (errors.length > 0) throw new Error(`i18n message "${key}": ${errors.join('; ')}`);
  const body = (ast as unknown as { b: { t?: number; s?: string } }).b;
  if (body.t === 2 && typeof body.s === 'string') return { t: 0, b: { s: body.s } };
  return { t: 0, b: body };
}

/** Compiles every message of one language file, keeping its shape. */
export function compileMessages(messages: Messages, prefix = ''): CompiledMessages {
  const out: CompiledMessages = {};
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out[key] = typeof value === 'string' ? compileMessage(path, value) : compileMessages(value, path);
  }
  return out;
}
