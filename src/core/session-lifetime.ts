import { show, trustError, TrustErrorCode } from './errors';

/**
 * The longest a workload may keep the cloud credentials it obtains with its token.
 *
 * The range is 15 minutes to 12 hours: AWS STS issues web-identity sessions of 900 s up to the
 * role's MaxSessionDuration (at most 43,200 s), and Google Cloud service account tokens last at
 * most 12 h (FACTS.md, "AWS: IAM roles and STS" and "Google Cloud").
 *
 * @example
 * SessionLifetime.minutes(30);
 */
export class SessionLifetime {
  /** The shortest lifetime: 15 minutes (STS DurationSeconds minimum, FACTS.md). */
  public static readonly MIN_SECONDS = 900;
  /** The longest lifetime: 12 hours (IAM MaxSessionDuration and Google's extended token lifetime, FACTS.md). */
  public static readonly MAX_SECONDS = 43200;
  /** One hour: the default of both clouds, and the longest lifetime that needs no extra setup. */
  public static readonly DEFAULT_SECONDS = 3600;

  /** A lifetime of whole seconds. */
  public static seconds(seconds: number): SessionLifetime {
    return new SessionLifetime(seconds, `${seconds} seconds`);
  }

  /** A lifetime of minutes (fractions allowed when they give whole seconds). */
  public static minutes(minutes: number): SessionLifetime {
    return new SessionLifetime(minutes * 60, `${minutes} minutes`);
  }

  /** A lifetime of hours (fractions allowed when they give whole seconds). */
  public static hours(hours: number): SessionLifetime {
    return new SessionLifetime(hours * 3600, `${hours} hours`);
  }

  /** The clouds' default lifetime: one hour. */
  public static oneHour(): SessionLifetime {
    return SessionLifetime.seconds(SessionLifetime.DEFAULT_SECONDS);
  }

  private readonly totalSeconds: number;

  private constructor(exactSeconds: number, asWritten: string) {
    // minutes(16.1) is 966.0000000000001 in floating point: snap products that are whole seconds.
    const totalSeconds = Math.abs(exactSeconds - Math.round(exactSeconds)) < 1e-6 ? Math.round(exactSeconds) : exactSeconds;
    if (!Number.isInteger(totalSeconds)) {
      throw trustError(TrustErrorCode.INVALID_LIFETIME, `The session lifetime ${asWritten} is ${show(totalSeconds)} seconds, which is not a whole number of seconds; clouds take lifetimes in whole seconds.`, 'round the lifetime to whole seconds, e.g. SessionLifetime.seconds(1800).');
    }
    if (totalSeconds < SessionLifetime.MIN_SECONDS || totalSeconds > SessionLifetime.MAX_SECONDS) {
      throw trustError(TrustErrorCode.INVALID_LIFETIME, `The session lifetime ${asWritten} (${totalSeconds} s) is outside 15 minutes to 12 hours (900 to 43200 s), the range both AWS STS and Google Cloud accept.`, 'choose a lifetime between SessionLifetime.minutes(15) and SessionLifetime.hours(12); shorter is safer.');
    }
    this.totalSeconds = totalSeconds;
  }

  /** The lifetime in seconds. */
  public toSeconds(): number {
    return this.totalSeconds;
  }

  /** Whether the lifetime is longer than the clouds' one-hour default. */
  public get exceedsDefault(): boolean {
    return this.totalSeconds > SessionLifetime.DEFAULT_SECONDS;
  }

  /** The lifetime for people, e.g. `30 min` or `1 h 30 min`. */
  public toString(): string {
    const h = Math.floor(this.totalSeconds / 3600);
    const m = Math.floor((this.totalSeconds % 3600) / 60);
    const s = this.totalSeconds % 60;
    return [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
  }
}
