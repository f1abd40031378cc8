// Review throughput in a fresh process: TrustReview.path over a synthesized cdk.out against the
// cheapest possible reading of the same templates (readFileSync + JSON.parse). Both read from disk
// (page cache after the first pass), so the ratio is the review's own cost.
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { median } from './stats';
import { review } from '../src';

const [dir, repsArg] = process.argv.slice(2);
const reps = Number(repsArg);
const templates = readdirSync(dir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(dir, f));
const bytes = templates.reduce((sum, f) => sum + statSync(f).size, 0);

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

// One untimed pass each warms the page cache and the JIT: steady state is what a CI run sees per file.
const parseAll = () => templates.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const reviewAll = () => review.TrustReview.path(dir);
parseAll();
const entries = reviewAll().entries.length;
const parseMs = median(Array.from({ length: reps }, () => time(parseAll)));
const reviewMs = median(Array.from({ length: reps }, () => time(reviewAll)));
const mb = bytes / 1024 / 1024;
process.stdout.write(JSON.stringify({ bytes, files: templates.length, entries, parseMbPerS: mb / (parseMs / 1000), reviewMbPerS: mb / (reviewMs / 1000) }) + '\n');
