import type { ArticleCommand } from '@galley/editorial';

export interface CommandOptions {
  /** Idempotency key: event ids (and a new article's id) derive from it. */
  readonly commandId: string;
  /** The version the client acted on; a mismatch is a CONFLICT. */
  readonly expectedVersion?: number | null;
  /** The validated-later GraphQL input (a class-validator class instance). */
  readonly input?: object;
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** A draft whose command id the server made for it: its article cannot exist yet (no retry can share the id). */
  readonly newArticle?: boolean;
}

/** The one message every article mutation sends through the CommandBus. */
export class ExecuteArticleCommand {
  constructor(
    readonly command: ArticleCommand,
    readonly options: CommandOptions,
  ) {}
}
