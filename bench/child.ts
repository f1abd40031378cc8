// One measurement in a fresh process, so peak RSS belongs to one variant and one N and no JIT or
// module cache carries over. Prints one JSON line; the parent (main.ts) collects it.
import * as path from 'path';
import { performance } from 'perf_hooks';

interface Variant { synth(n: number, outdir: string): void }

const [variant, n, outdir] = process.argv.slice(2);
// Loading the libraries is not timed: it is the same whatever N is, and under ts-node it is
// dominated by transpiling sources that users get precompiled.
// The variant is chosen at run time, so its module is required by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mod = require(path.join(__dirname, 'variants', variant)) as Variant;
const start = performance.now();
mod.synth(Number(n), outdir);
const wallMs = performance.now() - start;
// maxRSS is in kilobytes.
process.stdout.write(JSON.stringify({ wallMs, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
