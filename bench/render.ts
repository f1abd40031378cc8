// Re-renders BENCHMARKS.md from the last run's results (after editing report.ts), without rerunning.
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { LAST_RUN, writeReport } from './report';

writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), writeReport(JSON.parse(readFileSync(LAST_RUN, 'utf8'))));
