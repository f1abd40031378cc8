// Spawns the measuring children. Each child is `node -r ts-node/register/transpile-only`, never
// `ts-node` itself: one process (no ts-node bin wrapper), so its maxRSS is the synth's own.
import { execFileSync } from 'child_process';
import * as path from 'path';

const TS_NODE = ['-r', 'ts-node/register/transpile-only'];
// Tests and examples type-check; the bench only needs transpiling (and must see bench/ and src/).
const ENV = { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'examples', 'tsconfig.json') };

export interface SynthSample { wallMs: number; peakRssMb: number }

export function measureSynth(variant: string, n: number, outdir: string): SynthSample {
  const out = execFileSync(process.execPath, [...TS_NODE, path.join(__dirname, 'child.ts'), variant, String(n), outdir], {
    env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export interface ReviewSample { bytes: number; files: number; entries: number; parseMbPerS: number; reviewMbPerS: number }

export function measureReview(dir: string, reps: number): ReviewSample {
  const out = execFileSync(process.execPath, [...TS_NODE, path.join(__dirname, 'review-child.ts'), dir, String(reps)], {
    env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}
