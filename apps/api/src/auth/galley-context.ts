import type { Authentication } from './auth.service';

/** What every GraphQL resolver sees in its context. */
export interface GalleyContext {
  readonly auth: Authentication;
  readonly requestId: string;
  readonly req?: unknown;
  readonly pubsub?: unknown;
}
