import { Glob } from '../../../src';
import { memoize } from '../../../src/core/private/memo';
import { cachedPattern } from '../../../src/core/private/pattern-cache';

describe('memoize', () => {
  test('computes each key once and returns what the function returns', () => {
    // GIVEN
    const calls: string[] = [];
    const length = memoize((key) => {
      calls.push(key);
      return key.length;
    });

    // WHEN
    const results = ['ab', 'abc', 'ab', 'abc', 'ab'].map(length);

    // THEN
    expect(results).toEqual([2, 3, 2, 3, 2]);
    expect(calls).toEqual(['ab', 'abc']);
  });

  test('remembers undefined results too', () => {
    let calls = 0;
    const none = memoize((): string | undefined => {
      calls++;
      return undefined;
    });
    expect([none('x'), none('x')]).toEqual([undefined, undefined]);
    expect(calls).toBe(1);
  });

  test('holds at most max keys: past that it forgets and computes again', () => {
    // GIVEN a cache of two keys
    let calls = 0;
    const same = memoize((key) => {
      calls++;
      return key;
    }, 2);

    // WHEN a third key arrives, then the first again
    same('a');
    same('b');
    same('c');
    same('a');

    // THEN the first was forgotten when the third was stored
    expect(calls).toBe(4);
  });

  test('a function that throws is not remembered: it throws every time', () => {
    let calls = 0;
    const failing = memoize((): number => {
      calls++;
      throw new Error('bad key');
    });
    expect(() => failing('k')).toThrow('bad key');
    expect(() => failing('k')).toThrow('bad key');
    expect(calls).toBe(2);
  });
});

describe('cachedPattern', () => {
  test.each(['repo:*:pull_request', 'refs/pull/*', 'a?b*', 'sts:assumerolewithwebidentity'])('%j is the glob Glob.pattern parses, parsed once', (text) => {
    // WHEN
    const cached = cachedPattern(text);

    // THEN
    expect(cached.segments).toEqual(Glob.pattern(text).segments);
    expect(cachedPattern(text)).toBe(cached);
  });

  test('an empty pattern throws as Glob.pattern does', () => {
    expect(() => cachedPattern('')).toThrow(/non-empty/);
  });
});
