#!/usr/bin/env node
// See verify-lesson.mjs: a plain-JavaScript entry point into the TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/new-lesson.ts');
