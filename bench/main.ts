// `npm run bench`: synth time and peak memory of raw aws-cdk-lib, aws-cdk-github-oidc and ours
// (and raw cdktf vs ours on Google), review throughput, written to BENCHMARKS.md.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LAST_RUN, Row, writeReport } from './report';
import { measureReview, measureSynth, SynthSample } from './run';
import { median } from './stats';

// Five repetitions: synth times of identical apps vary by up to ~0.4 s between runs (aws-cdk-lib's validator).
const REPS = Number(process.env.BENCH_REPS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,3000').split(',').map(Number);
/** Each group: the floor first, then what is compared with it. */
const GROUPS: Array<{ cloud: string; variants: string[] }> = [
  { cloud: 'AWS', variants: ['aws-raw', 'aws-peer', 'aws-ours'] },
  { cloud: 'Google Cloud', variants: ['gcp-raw', 'gcp-ours'] },
];

// Synthesis goes to the OS temp dir: never into the repository.
const root = mkdtempSync(path.join(os.tmpdir(), 'workload-trust-bench-'));
const rows: Row[] = [];
let reviewDir: string | undefined;
try {
  for (const group of GROUPS) {
    for (const n of SIZES) {
      const samples = new Map<string, SynthSample[]>(group.variants.map((v) => [v, []]));
      // Repetitions interleave the variants, so drift on the machine hits them all alike.
      for (let rep = 0; rep < REPS; rep++) {
        for (const variant of group.variants) {
          const outdir = path.join(root, `${variant}-${n}-${rep}`);
          const sample = measureSynth(variant, n, outdir);
          console.error(`${variant} N=${n} rep ${rep + 1}/${REPS}: ${sample.wallMs.toFixed(0)} ms, ${sample.peakRssMb.toFixed(0)} MB`);
          samples.get(variant)!.push(sample);
          // Keep our largest AWS output for the review; drop the rest to bound disk use.
          if (variant === 'aws-ours' && n === Math.max(...SIZES) && !reviewDir) reviewDir = outdir;
          else rmSync(outdir, { recursive: true, force: true });
        }
      }
      const floor = median(samples.get(group.variants[0])!.map((s) => s.wallMs));
      for (const variant of group.variants) {
        const s = samples.get(variant)!;
        const wallMs = median(s.map((x) => x.wallMs));
        const rss = s.map((x) => x.peakRssMb);
        const rssSpreadMb = Math.max(...rss) - Math.min(...rss);
        rows.push({ cloud: group.cloud, variant, n, wallMs, peakRssMb: median(rss), rssSpreadMb, ratio: wallMs / floor });
      }
    }
  }
  const reviewSample = reviewDir ? measureReview(reviewDir, Math.max(REPS, 5)) : undefined;
  const run = { rows, review: reviewSample, reps: REPS, sizes: SIZES };
  // The raw results are kept (outside the repo) so the report can be re-rendered without rerunning.
  writeFileSync(LAST_RUN, JSON.stringify(run, null, 2));
  const file = path.join(__dirname, '..', 'BENCHMARKS.md');
  writeFileSync(file, writeReport(run));
  console.error(`wrote ${file} (results in ${LAST_RUN})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
