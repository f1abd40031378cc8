import { Glob } from '../glob';
import { memoize } from './memo';

/**
 * `Glob.pattern(pattern)`, parsed once per distinct text. Only for globs that stay inside the
 * library (lint indicators, IAM action patterns), so no caller ever holds a shared instance.
 */
export const cachedPattern: (pattern: string) => Glob = memoize((pattern) => Glob.pattern(pattern));
