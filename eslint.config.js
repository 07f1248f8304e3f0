// Lint rules that encode the architecture: packages talk through their public names, and a
// focused test (`.only`) can never reach main and silently skip the rest of a suite.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'tests/.artifacts/**', 'tests/bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/packages/*/src/**', '**/packages/*/src', '**/server/src/**', '**/client/src/**', '**/tests/helpers/**'],
              message: 'Import another workspace package by its name (@consenso/…) and its public exports, never by a path into its folder.',
            },
            {
              group: ['@consenso/*/src/**', '@consenso/*/src'],
              message: 'Deep import into a package: use its public exports (see its package.json "exports").',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests may use their own helpers by relative path.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/packages/*/src/**', '**/server/src/**', '**/client/src/**', '@consenso/*/src/**'],
              message: 'Tests import packages by name (@consenso/…), never by a path into their source.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='only'][object.name=/^(describe|it|test|suite)$/]",
          message: 'A focused test (.only) skips the rest of the suite; remove it before committing.',
        },
        {
          selector: "MemberExpression[property.name='only'][object.type='MemberExpression'][object.object.name=/^(describe|it|test)$/]",
          message: 'A focused test (.only) skips the rest of the suite; remove it before committing.',
        },
      ],
    },
  },
)
