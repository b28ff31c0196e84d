// The house's layer rules (style rule 14, decisions 018 and 033) are lint rules: this proves each one fires on a
// snippet that breaks it, and stays quiet on the allowed import beside it, through ESLint's own Node API and the
// repository's eslint.config.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

/** the no-restricted-imports messages ESLint gives `code` as if it were the file at `file` (relative to the repo) */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importing = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;

// loading the config (typescript-eslint, the Vue parser) is the slow part: once, with room on a loaded machine
beforeAll(() => restricted('apps/server/src/core/warm-up.ts', 'export {};\n'), 120_000);

describe('layer rules (eslint.config.js)', { timeout: 30_000 }, () => {
  it('core/ and imap/ never import features or mail/', async () => {
    expect(
      await restricted('apps/server/src/core/probe.ts', importing('../features/mailbox/mailbox.service.ts')),
    ).toEqual([expect.stringContaining('core/ and imap/ never import features')]);
    expect(await restricted('apps/server/src/imap/probe.ts', importing('../features/compose/mime.ts'))).toHaveLength(1);
    expect(await restricted('apps/server/src/imap/probe.ts', importing('./sequence-set.ts'))).toEqual([]);
    // nor the mail layer above them
    expect(await restricted('apps/server/src/imap/probe.ts', importing('../mail/imap-mail-store.ts'))).toEqual([
      expect.stringContaining('core/ and imap/ sit under mail/'),
    ]);
    expect(await restricted('apps/server/src/core/probe.ts', importing('../mail/mime/parse-mail.ts'))).toHaveLength(1);
    expect(await restricted('apps/server/src/core/probe.ts', importing('./app-error.ts'))).toEqual([]);
  });

  it('mail/ never imports features (features call the MailStore)', async () => {
    expect(
      await restricted('apps/server/src/mail/probe.ts', importing('../features/message/message.routes.ts')),
    ).toEqual([expect.stringContaining('mail/ never imports features')]);
    expect(
      await restricted('apps/server/src/mail/local/probe.ts', importing('../../features/compose/compose.service.ts')),
    ).toHaveLength(1);
    expect(
      await restricted('apps/server/src/mail/imap/probe.ts', importing('../../features/mailbox/mailbox.routes.ts')),
    ).toHaveLength(1);
    // its own modules and the layers below are fine
    expect(await restricted('apps/server/src/mail/reading/probe.ts', importing('../mime/parse-mail.ts'))).toEqual([]);
    expect(await restricted('apps/server/src/mail/probe.ts', importing('../imap/sequence-set.ts'))).toEqual([]);
    expect(await restricted('apps/server/src/mail/probe.ts', importing('../core/app-error.ts'))).toEqual([]);
  });

  it("a feature never imports another feature's repository or routes, only its service", async () => {
    const file = 'apps/server/src/features/drafts/probe.ts';
    expect(await restricted(file, importing('../compose/compose.repository.ts'))).toEqual([
      expect.stringContaining('composition root'),
    ]);
    expect(await restricted(file, importing('../mailbox/mailbox.routes.ts'))).toHaveLength(1);
    // its own repository, another feature's service, and the layers below are fine
    expect(await restricted(file, importing('./drafts.repository.ts'))).toEqual([]);
    expect(await restricted(file, importing('../compose/compose.service.ts'))).toEqual([]);
    expect(await restricted(file, importing('../../core/signed-in.ts'))).toEqual([]);
  });

  it('web ui/ knows no features', async () => {
    expect(await restricted('apps/web/src/ui/Probe.ts', importing('@/features/mailbox/message.store.ts'))).toEqual([
      expect.stringContaining('ui/ knows no mail'),
    ]);
    expect(await restricted('apps/web/src/ui/Probe.ts', importing('./format.ts'))).toEqual([]);
  });

  it('packages/shared imports nothing from the apps', async () => {
    expect(await restricted('packages/shared/src/probe.ts', importing('../../../apps/server/src/config.ts'))).toEqual([
      expect.stringContaining('packages/shared imports nothing from the apps'),
    ]);
    expect(await restricted('packages/shared/src/probe.ts', importing('@pigeon/server'))).toHaveLength(1);
    expect(await restricted('packages/shared/src/probe.ts', importing('./error-codes.ts'))).toEqual([]);
  });
});
