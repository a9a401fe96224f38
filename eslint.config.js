// One set of rules for every TypeScript and JavaScript file the project owns; Prettier owns the layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'public/',
      'test-output/',
      'src/react/',
      'test/package/host/',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'import-x/no-duplicates': 'error',
      'no-duplicate-imports': 'off',
      eqeqeq: ['error', 'smart'],
      // A handler may read a variable before the line that assigns it (an id a callback compares against).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'] })] },
  },
  // Small modules: a file that outgrows these has more than one concern (cycles are checked by madge in `npm run lint`).
  { files: ['src/**/*.ts', 'server/**/*.ts'], rules: { 'max-lines': ['error', { max: 400 }] } },
  {
    files: ['src/components/*/room-*.ts'],
    ignores: ['**/*.styles.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  { files: ['src/**/*.ts'], ...litConfigs['flat/recommended'] },
  { files: ['src/**/*.ts'], ...litA11y.configs.recommended },
  // Tests read untyped JSON answers and assert on them, with chai's property assertions (`.to.exist`).
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  prettier,
);
