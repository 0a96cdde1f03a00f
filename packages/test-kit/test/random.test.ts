import { describe, expect, test } from 'vitest';
import { generatorFromSeed, replayCommand, seededRandom } from '../src/random.ts';

describe('seeded randomness', () => {
  test('the same seed gives the same sequence', () => {
    const a = generatorFromSeed(42);
    const b = generatorFromSeed(42);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('int stays within its bounds and reaches both ends', () => {
    const random = seededRandom(7);
    const seen = new Set(Array.from({ length: 400 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  test('shuffle keeps every item', () => {
    const random = seededRandom(1);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(random.shuffle(items).sort()).toEqual(items);
  });

  test('COURSE_SEED replays a run', () => {
    process.env['COURSE_SEED'] = '1234';
    try {
      expect(seededRandom().seed).toBe(1234);
      process.env['COURSE_SEED'] = 'soon';
      expect(() => seededRandom()).toThrow(/COURSE_SEED must be a whole number/);
    } finally {
      delete process.env['COURSE_SEED'];
    }
  });

  test('the replay command is spelled for the shell of each platform', () => {
    expect(replayCommand(99, 'linux')).toBe('COURSE_SEED=99 pnpm test');
    expect(replayCommand(99, 'darwin')).toBe('COURSE_SEED=99 pnpm test');
    expect(replayCommand(99, 'win32')).toBe('$env:COURSE_SEED=99; pnpm test; Remove-Item Env:COURSE_SEED');
  });
});
