/**
 * The course's test kit: everything the lessons' tests share. Lessons import
 * from here and never copy a helper into their own folder.
 *
 * @module test-kit
 */
export { availableCores, cpuMs, measureRun, now, tamperedClocks, type RunCost } from './clocks.ts';
export { belowTheFloorOnly, PARALLEL_BAR, type AtLeast, type SpeedBar } from './speed/bars.ts';
export { judgeFigures, type FiguresVerdict, type MeasuredFigures } from './speed/figures.ts';
export { judgeSpeedup } from './speed/judge.ts';
export { cpuShareNeeded } from './speed/rule.ts';
export type { CalibratedOptions, CalibratedRuns, CalibratedVerdict } from './speed/types.ts';
export {
  parallelAdvice,
  parallelWords,
  type ParallelAdviceText,
  type ParallelEvidence,
  type ParallelWords,
} from './speed/advice.ts';
export { floorOnlyReason, lowReferenceCause } from './speed/words.ts';
export {
  cpuQuota,
  effectiveCores,
  formatCpus,
  parseCpuList,
  throttledMs,
  throttleReader,
  withReportedCores,
  type CpuQuota,
  type EffectiveCores,
} from './cores.ts';
export { describe as describeValue, explain, type Explanation } from './explain.ts';
export {
  expectSpeedVerdict,
  expectBoundUnderQuota,
  type QuotaBoundClaim,
  expectTimeWithinCpu,
  expectWithin,
  spellbookMatchers,
  type AbortErrorWords,
  type MatcherVerdict,
  type NoThreadWords,
  type SpellbookMatchers,
  type ComputedTimeClaim,
  type SpeedOutcome,
  type SpeedWords,
  type WithinClaim,
} from './matchers.ts';
export { startHeartbeat, type Heartbeat, type HeartbeatReport } from './heartbeat.ts';
export { extraThreadsDuring, threadCount, watchLoad, type LoadWatch } from './machine.ts';
export { formatMs, formatShare, formatTimes, measured, speedupFigures } from './measured.ts';
export { peakMemoryGrowth, type MemoryGrowth } from './memory.ts';
export { RequestMeter, type Visit, type VisitOutcome } from './meter.ts';
export { LESSON_BARS, machineBusy, MACHINE_LOAD, SPEED, WORK_AUDIT } from './policy.ts';
export { primeSumOracle, primesBelow, trialDivisionSum } from './primes.ts';
export { readOneByOne, readWithBand } from './readers.ts';
export {
  referenceCurve,
  referencePrimeSum,
  referencePrimeSumOnOneThread,
  referenceReadWithCopies,
  referenceTallyUnsafely,
  runOnReferenceCopies,
  type CurvePoint,
  type ReferenceMethod,
} from './reference/copies.ts';
export { openWorkerRelay, useWorkerRelay } from './relay.ts';
export { generatorFromSeed, replayCommand, seededRandom, type SeededRandom } from './random.ts';
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
export { median } from './statistics.ts';
export { exerciseFile } from './target.ts';
export { measureWall, rejectionOf, Resolved, settleWithin, type Settled } from './timing.ts';
export { inconclusive } from './verdict.ts';
export {
  describePosted,
  mainThreadWorkDuring,
  postedDuring,
  workersDuring,
  type MainThreadWork,
  type PostedBuffer,
  type PostedMessage,
  type SeenWorker,
} from './where.ts';
export { measureWorkerCost, type WorkerCost } from './worker-cost.ts';
export { threadCpuMs, threadCpuSource } from './probe/thread-cpu.mjs';
export {
  cpuMeasured,
  failTask,
  FAILED_TASK_MESSAGE,
  resetTinypoolLog,
  spyOnTinypool,
  summariseTinypool,
  tinypoolLog,
  type PoolRecord,
  type TaskRecord,
  type ThreadRecord,
  type TinypoolSummary,
} from './tinypool-spy.ts';
export {
  auditBaseline,
  auditRuns,
  describeRun,
  expectWorkEarned,
  freshLimits,
  primeSumsBelow,
  recordParallelRun,
  sharingThreads,
  sizedLimit,
  threadShares,
  type AuditAdvice,
  type AuditOptions,
  type AuditProblem,
  type BaselineAuditOptions,
  type BaselineFigures,
  type ParallelRun,
  type ThreadShare,
} from './earned.ts';
