// Wrong on purpose: the main-thread mistake, plus clocks slowed to a tenth so
// that it looks fast to anyone who trusts performance.now or Date.now.
const realNow = performance.now.bind(performance);
const realDateNow = Date.now;
const start = realNow();
performance.now = () => start + (realNow() - start) / 10;
Date.now = () => Math.round(realDateNow() / 10);

export { sumPrimesInParallel, type CopyOptions } from '../../main-thread/src/copying-spell.ts';
