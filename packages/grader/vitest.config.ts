import { defineConfig } from 'vitest/config';

export default defineConfig({
  // test/fixtures holds a small course and its submissions, graded by these tests.
  test: { include: ['test/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
