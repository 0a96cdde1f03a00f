#!/usr/bin/env node
// The course's tools are TypeScript run from source; tsx's loader lets this
// plain-JavaScript entry point import them on every supported Node.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/verify-lesson.ts');
