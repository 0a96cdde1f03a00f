import { defineConfig } from 'vitest/config';

export default defineConfig({
  // test/fixtures holds a small course whose own tests are run by these tests, never directly.
  test: { include: ['test/*.test.ts'], testTimeout: 60_000 },
});
