/**
 * The course's test kit: everything the lessons' tests share. Lessons import
 * from here and never copy a helper into their own folder.
 *
 * @module
 */
export { RequestMeter, type Visit, type VisitOutcome } from './meter.ts';
export { generatorFromSeed, seededRandom, type SeededRandom } from './random.ts';
export {
  createScrollServer,
  PLACES,
  pages,
  useScrollServer,
  type Fault,
  type PageSpec,
  type Scroll,
  type ScrollServer,
} from './scroll.ts';
export { describe as describeValue, explain } from './explain.ts';
export { measureWall, settleWithin, type Settled } from './timing.ts';
