#!/usr/bin/env node
// `pnpm mutate` is TypeScript run from source, like the course's other tools:
// tsx's loader lets this plain-JavaScript entry point import it on Node 20.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
