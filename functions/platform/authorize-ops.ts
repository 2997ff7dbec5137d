import { timingSafeEqual } from 'node:crypto';
import { OpsTokenRequiredError } from './domain/errors.js';

export interface OpsAccess {
  token?: string;
  public: boolean;
}

/**
 * The operations pages take `Authorization: Bearer <METRICS_TOKEN>` (Prometheus) or `?token=` (a
 * browser opening /status). Without a configured token they stay closed unless METRICS_PUBLIC=true.
 */
export function authorizeOps(
  access: OpsAccess,
  authorization: string | undefined,
  queryToken: string | undefined,
): void {
  if (access.public) return;
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? queryToken;
  if (!access.token || !given) throw new OpsTokenRequiredError();
  const [a, b] = [Buffer.from(given), Buffer.from(access.token)];
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new OpsTokenRequiredError();
}
