import { defineConfig } from 'vitest/config';

export default defineConfig({
  // test/fixtures holds a small course and its submissions, graded by these tests.
  // One test file at a time: files that grade the fixture course at once would
  // compete for its lesson folders and for the cores its time limits assume,
  // and would see each other's processes as leftovers.
  test: {
    include: ['test/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
