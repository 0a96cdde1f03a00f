// One lint setup for the whole repository, run once from the root (`pnpm lint`):
// one run shares its TypeScript programs across packages, where one run per
// package built them again for each. `eslint .` in a package folder finds
// this file by looking upwards.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      // Deliberately broken student code, graded by the grader's tests.
      'packages/grader/test/fixtures/course/submissions/**',
      'packages/grader/test/fixtures/hostile/submissions/**',
      // Hidden tests import ../src as if they sat in a lesson's test folder; they are checked when graded.
      'packages/grader/test/fixtures/hidden/**',
      '**/.graded/**',
      '**/.stage/**',
      // A wrong solution's mistake.patch applied to a copy of the reference: the reference is linted.
      '**/.applied/**',
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/coverage/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs', '*.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A concurrency course cannot let a promise go unwatched.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A body on its own line gets braces, so a wrapped condition never hides what it guards.
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Starters are stubs: their parameters are unused and their async bodies
    // only throw until the student fills them in.
    files: ['lessons/*/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Known-wrong solutions are wrong on purpose; only type errors matter there.
    files: ['solutions/*/wrong/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Preloads run with `node --require`, so they are CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
