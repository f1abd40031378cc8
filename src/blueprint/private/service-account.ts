/** A service account target with its defaults applied. */
export interface ResolvedServiceAccount {
  readonly project: string;
  readonly accountId: string;
  readonly email: string;
  readonly create: boolean;
  readonly roles: string[];
}
