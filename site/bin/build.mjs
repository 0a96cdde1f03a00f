#!/usr/bin/env node
// A plain-JavaScript entry point into the site's TypeScript build script.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/build.ts');
