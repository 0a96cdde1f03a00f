// Starts `pnpm what-copies-cost`. TypeScript is loaded here, in the main
// thread only: `tsx try/what-copies-cost.ts` would put tsx's loader in
// execArgv, every worker thread would inherit it, and each cold copy would
// spend extra time loading it, which is not what a copy costs in a plain
// Node program.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./what-copies-cost.ts');
process.exitCode = await main(process.argv.slice(2));
