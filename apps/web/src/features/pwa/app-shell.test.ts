import { describe, expect, it } from 'vitest';
import { appShellFiles, filesOfIndexHtml } from './app-shell';

const manifest = {
  'index.html': { file: 'assets/index-1.js', imports: ['_app-2.js'], css: ['assets/index-1.css'] },
  '_app-2.js': { file: 'assets/app-2.js', css: ['assets/app-2.css'] },
  'src/features/mailbox/MailPage.vue': {
    file: 'assets/MailPage-3.js',
    imports: ['_app-2.js', '_virtual-4.js'],
    css: ['assets/MailPage-3.css'],
  },
  '_virtual-4.js': { file: 'assets/virtual-4.js', imports: ['_app-2.js'] },
  'src/features/compose/ComposeDialog.vue': { file: 'assets/ComposeDialog-5.js', imports: ['_app-2.js'] },
};

describe('appShellFiles', () => {
  it('keeps the roots, what they import statically and their CSS, and nothing loaded on demand', () => {
    const files = appShellFiles(manifest, ['index.html', 'src/features/mailbox/MailPage.vue']);
    expect([...files].sort()).toEqual([
      'assets/MailPage-3.css',
      'assets/MailPage-3.js',
      'assets/app-2.css',
      'assets/app-2.js',
      'assets/index-1.css',
      'assets/index-1.js',
      'assets/virtual-4.js',
    ]);
  });

  it('names a root the build does not have', () => {
    expect(() => appShellFiles(manifest, ['src/gone.vue'])).toThrow(/src\/gone\.vue/);
  });

  it('starts from the files index.html loads, by their built name', () => {
    const html =
      '<script type="module" crossorigin src="/assets/app-2.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/assets/app-9.css"><link rel="icon" href="/favicon.svg">';
    const roots = filesOfIndexHtml(html);
    expect(roots).toEqual(['assets/app-2.js', 'assets/app-9.css']);
    expect([...appShellFiles(manifest, roots)].sort()).toEqual([
      'assets/app-2.css',
      'assets/app-2.js',
      'assets/app-9.css',
    ]);
  });
});
