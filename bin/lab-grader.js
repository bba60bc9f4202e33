#!/usr/bin/env node
// Entry point of the `lab-grader` bin: runs the TypeScript sources compiled on first use
// (lib/compiled.mjs), or through tsx's loader, so the package needs no build step.
import { importEntry } from './lib/compiled.mjs';

const { main } = await importEntry('lab-grader');
process.exitCode = await main(process.argv.slice(2));
