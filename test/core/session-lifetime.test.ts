import { expectTrustError } from './support';
import { SessionLifetime, TrustErrorCode } from '../../src';

describe('SessionLifetime range: 15 minutes to 12 hours', () => {
  test('the boundaries 900 s and 43200 s are accepted', () => {
    // WHEN
    const min = SessionLifetime.seconds(900);
    const max = SessionLifetime.seconds(43200);

    // THEN
    expect(min.toSeconds()).toBe(SessionLifetime.MIN_SECONDS);
    expect(max.toSeconds()).toBe(SessionLifetime.MAX_SECONDS);
    expect(SessionLifetime.minutes(15).toSeconds()).toBe(900);
    expect(SessionLifetime.hours(12).toSeconds()).toBe(43200);
  });

  test.each([
    ['minutes(14)', () => SessionLifetime.minutes(14), '14 minutes (840 s)'],
    ['seconds(899)', () => SessionLifetime.seconds(899), '899 seconds (899 s)'],
    ['hours(13)', () => SessionLifetime.hours(13), '13 hours (46800 s)'],
    ['seconds(43201)', () => SessionLifetime.seconds(43201), '43201 seconds (43201 s)'],
    ['seconds(0)', () => SessionLifetime.seconds(0), '0 seconds (0 s)'],
    ['minutes(-30)', () => SessionLifetime.minutes(-30), '-30 minutes (-1800 s)'],
  ])('%s is outside the range and refused', (_name, build, mentioned) => {
    // WHEN / THEN
    const err = expectTrustError(build, TrustErrorCode.INVALID_LIFETIME, mentioned);
    expect(err.message).toContain('15 minutes to 12 hours');
  });

  test.each([
    ['seconds(1.5)', () => SessionLifetime.seconds(1.5), '1.5'],
    ['seconds(1800.5)', () => SessionLifetime.seconds(1800.5), '1800.5'],
    ['minutes(0.001)', () => SessionLifetime.minutes(0.001), '0.001 minutes'],
    ['minutes(20.01)', () => SessionLifetime.minutes(20.01), '20.01 minutes'],
    ['seconds(NaN)', () => SessionLifetime.seconds(NaN), 'NaN'],
    ['seconds(Infinity)', () => SessionLifetime.seconds(Infinity), 'Infinity'],
  ])('%s is not whole seconds and refused', (_name, build, mentioned) => {
    // WHEN / THEN
    const err = expectTrustError(build, TrustErrorCode.INVALID_LIFETIME, mentioned);
    expect(err.message).toContain('whole');
  });

  test('fractions that give whole seconds are accepted', () => {
    // THEN
    expect(SessionLifetime.minutes(15.5).toSeconds()).toBe(930);
    expect(SessionLifetime.hours(0.5).toSeconds()).toBe(1800);
    expect(SessionLifetime.hours(1.5).toSeconds()).toBe(5400);
    expect(SessionLifetime.hours(0.25).toSeconds()).toBe(900);
  });
});

describe('SessionLifetime defaults and rendering', () => {
  test('oneHour() is the 3600 s default and does not exceed it', () => {
    // WHEN
    const hour = SessionLifetime.oneHour();

    // THEN
    expect(hour.toSeconds()).toBe(SessionLifetime.DEFAULT_SECONDS);
    expect(hour.toSeconds()).toBe(3600);
    expect(hour.exceedsDefault).toBe(false);
    expect(SessionLifetime.seconds(3601).exceedsDefault).toBe(true);
  });

  test.each([
    [900, '15 min'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
    [3661, '1 h 1 min 1 s'],
    [43200, '12 h'],
    [930, '15 min 30 s'],
  ])('%d seconds renders as %j', (seconds, text) => {
    // THEN
    expect(SessionLifetime.seconds(seconds).toString()).toBe(text);
  });
});

describe('SessionLifetime fractions that give whole seconds', () => {
  test.each([
    ['hours(1.1)', () => SessionLifetime.hours(1.1), 3960],
    ['minutes(16.1)', () => SessionLifetime.minutes(16.1), 966],
    ['minutes(33.3)', () => SessionLifetime.minutes(33.3), 1998],
    ['hours(8.7)', () => SessionLifetime.hours(8.7), 31320],
  ])('%s is accepted despite floating-point rounding', (_what, build, seconds) => {
    // WHEN
    const lifetime = build();

    // THEN
    expect(lifetime.toSeconds()).toBe(seconds);
    expect(Number.isInteger(lifetime.toSeconds())).toBe(true);
  });
});
