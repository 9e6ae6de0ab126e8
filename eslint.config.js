// A small rule set: what catches real mistakes here, not style (Prettier owns layout).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Opening a transaction of one's own is the platform's and the apps' business: contexts enter a tenant's context through the request or the job runner. */
const ownTransactions = {
  paths: [
    {
      name: 'typeorm',
      importNames: ['DataSource'],
      message: 'Only libs/platform and the apps hold the DataSource: run inside the request or job context (RequestDb).',
    },
    {
      name: '#platform',
      importNames: ['OwnerTransactions', 'ownerTransactionsFor'],
      message: 'Owner transactions (no tenant, no RLS) are for the CLI, the seed and the tests only.',
    },
    {
      name: '#platform',
      importNames: ['TransactionRunner', 'runnerFor'],
      message: 'Enter a context with ContextRunner (it carries the transaction in the context, for RequestDb): TransactionRunner is the platform’s.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        structuredClone: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        performance: 'readonly',
        Blob: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-duplicate-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Refusing NUL and other control characters in input is on purpose.
      'no-control-regex': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-restricted-imports': ['error', ownTransactions],
      // The transaction travels in the context (RequestDb): a parameter defaulting to it lets a caller hand
      // down another EntityManager, and the two drift apart.
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentPattern[right.type='MemberExpression'][right.property.name='manager']",
          message: 'Read the transaction from the context (this.db.manager) inside the method: no EntityManager parameter defaulting to it.',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The pages' own scripts run in the browser.
    files: ['libs/web/public/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    files: ['libs/platform/**', 'apps/**', 'test/**', 'bench/**', 'migrations/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
