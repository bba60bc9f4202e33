#!/usr/bin/env node
// Entry point of the `lab-grader` bin: runs the TypeScript sources through tsx's loader, so the
// package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
