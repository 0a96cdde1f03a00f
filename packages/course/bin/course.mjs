#!/usr/bin/env node
// A plain-JavaScript entry point into the companion's TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
