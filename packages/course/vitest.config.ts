import { defineConfig } from 'vitest/config';

export default defineConfig({
  // test/fixtures holds a small course; each test works on a copy of it in a
  // temporary folder. One file at a time: the files run the copies' tests,
  // and the watch tests measure how soon a save is noticed.
  test: {
    include: ['test/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
