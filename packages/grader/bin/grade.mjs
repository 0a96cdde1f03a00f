#!/usr/bin/env node
// A plain-JavaScript entry point into the grader's TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
