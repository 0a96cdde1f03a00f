// Set-up file for a lesson whose exercise uses Tinypool
// (`lessonConfig(dir, { tinypoolSpy: true })`): the exercise's imports of
// 'tinypool' get the spy (tinypool-spy.ts), which records every pool, thread
// and task, and its log starts empty for every test.
import type * as TinypoolModule from 'tinypool';
import { beforeEach, vi } from 'vitest';

vi.mock('tinypool', async (importOriginal) => {
  const { spyOnTinypool } = await import('../tinypool-spy.ts');
  return spyOnTinypool(await importOriginal<typeof TinypoolModule>());
});

beforeEach(async () => {
  const { resetTinypoolLog } = await import('../tinypool-spy.ts');
  resetTinypoolLog();
});
