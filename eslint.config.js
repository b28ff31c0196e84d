import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import prettier from 'eslint-config-prettier/flat';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      'data/**',
      'apps/server/src/generated/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'scripts/mail/node/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  // the house's layers (style rule 14, decision 018): lower layers never reach up into features or apps
  {
    files: ['apps/server/src/core/**/*.ts', 'apps/server/src/imap/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**'],
              message: 'core/ and imap/ never import features: let app.ts hand the feature in (style rule 14).',
            },
            {
              group: ['**/mail/**'],
              message: 'core/ and imap/ sit under mail/ (the MailStore uses them, not the other way; decision 033).',
            },
          ],
        },
      ],
    },
  },
  // mail/ (the MailStore and what it is made of) sits under the features: they call it, it never calls them (decision 033)
  {
    files: ['apps/server/src/mail/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**'],
              message: 'mail/ never imports features: features call the MailStore, not the other way (decision 033).',
            },
          ],
        },
      ],
    },
  },
  // a feature uses another only through its service, or what app.ts hands it (style rule 14, decision 033)
  {
    files: ['apps/server/src/features/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*.repository.ts', '../*/*.routes.ts'],
              message:
                "another feature's repository or routes: take it from the composition root (app.ts) or its service (style rule 14).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/ui/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/features/**', '@/features/**'], message: 'ui/ knows no mail: no feature imports.' }],
        },
      ],
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**', '@pigeon/server', '@pigeon/server/**', '@pigeon/web', '@pigeon/web/**'],
              message: 'packages/shared imports nothing from the apps.',
            },
          ],
        },
      ],
    },
  },
  // formatting is Prettier's job: turn off the stylistic rules that disagree with it
  prettier,
);
