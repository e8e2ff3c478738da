
import {
  isListing,
  type ArticleFilter,
  type ArticleListing,
  type ArticleRead,
  type AuditEntry,
  type AuditFilter,
  type ClaimQueueCounts,
  type ClaimQueueFilter,
  type Dashboard,
  type EquivalentClaim,
  type HistoryRow,
  type Page,
  type Throughput,
  type TimeToVerdict,
} from '@galley/read-models';
import { Forbidden, type Actor, type Claim, type Person } from '@galley/editorial';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ArticleRepository } from '../article.repository';
import type { ArticleView } from '../article.view';
import { PublicationSlots } from '../commands/publication-slots';

/** The current article from the read model, or — with asOf or version — folded from the store. */
export class GetArticle {
  constructor(
    readonly id: string,
    readonly asOf: Date | null = null,
    readonly version: number | null = null,
  ) {}
}

export class ListArticles {
  constructor(
    readonly filter: ArticleFilter,
    readonly first: number,
    readonly after: string | null,
    /** How much of each article the answer needs (see ArticleReadModel.list). */
    readonly read: ArticleRead = 'stateAndBody',
  ) {}
}

export class GetClaimQueue {
  constructor(
    readonly filter: ClaimQueueFilter,
    readonly first: number,
    readonly after: string | null,
  ) {}
}

/** The claims equivalent to one claim in other articles, with their verdicts (the claim registry). */
export class GetEquivalentClaims {
  constructor(
    readonly articleId: string,
    readonly claimId: string,
  ) {}
}

export class GetDashboard {
  constructor(
    /** How much of each article its lists need (see ArticleReadModel.list). */
    readonly read: ArticleRead = 'stateAndBody',
  ) {}
}

export interface ClaimQueueEntry {
  readonly claim: Claim;
  readonly articleId: string;
  readonly articleTitle: string;
  readonly waitingSince: string;
  readonly postPublication: boolean;
  readonly assignee: Person | null;
}

export type ClaimQueuePage = Page<ClaimQueueEntry> & { readonly counts: ClaimQueueCounts };

export type DeskDashboard = Dashboard<ArticleView | ArticleListing> & { readonly throughput: Throughput; readonly timeToVerdict: TimeToVerdict };

export class GetArticleHistory {
  constructor(readonly id: string) {}
}

/** Who did what: admins only. */
export class GetAuditLog {
  constructor(
    readonly actor: Actor,
    readonly filter: AuditFilter,
    readonly first: number,
    readonly after: string | null,
  ) {}
}

export class GetPublishedArticle {
  constructor(readonly slug: string) {}
}

export class GetNeighbours {
  constructor(readonly id: string) {}
}

@QueryHandler(GetArticle)
export class GetArticleHandler implements IQueryHandler<GetArticle, ArticleView | null> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly articles: ArticleRepository,
  ) {}

  async execute({ id, asOf, version }: GetArticle): Promise<ArticleView | null> {
    if (asOf !== null || version !== null) {
      const view = await this.articles.loadAsOf(id, { asOf, version });
      return view.state.exists ? view : null;
    }
    await this.readModels.settle();
    return this.readModels.articles.get(id);
  }
}

@QueryHandler(ListArticles)
export class ListArticlesHandler implements IQueryHandler<ListArticles, Page<ArticleView | ArticleListing>> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ filter, first, after, read }: ListArticles): Promise<Page<ArticleView | ArticleListing>> {
    await this.readModels.settle();
    return this.readModels.articles.list(filter, first, after, read);
  }
}

@QueryHandler(GetClaimQueue)
export class GetClaimQueueHandler implements IQueryHandler<GetClaimQueue, ClaimQueuePage> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ filter, first, after }: GetClaimQueue): Promise<ClaimQueuePage> {
    await this.readModels.settle();
    const page = this.readModels.claimDesk.queue({ ...filter, first, after });
    const articles = new Map<string, ArticleView | null>();
    const items = page.items.flatMap(({ cursor, node }) => {
      if (!articles.has(node.articleId)) articles.set(node.articleId, this.readModels.articles.get(node.articleId));
      const claim = articles.get(node.articleId)?.state.claims.find((c) => c.id === node.claimId);
      return claim ? [{ cursor, node: { claim, articleId: node.articleId, articleTitle: node.articleTitle, waitingSince: node.since, postPublication: node.postPublication, assignee: node.assignee } }] : [];
    });
    return { ...page, items, counts: this.readModels.claimDesk.counts(filter) };
  }
}

@QueryHandler(GetEquivalentClaims)
export class GetEquivalentClaimsHandler implements IQueryHandler<GetEquivalentClaims, EquivalentClaim[]> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ articleId, claimId }: GetEquivalentClaims): Promise<EquivalentClaim[]> {
    await this.readModels.settle();
    return this.readModels.claimRegistry.equivalents(articleId, claimId);
  }
}

@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard, DeskDashboard> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ read }: GetDashboard): Promise<DeskDashboard> {
    await this.readModels.settle();
    const { articles } = this.readModels;
    const dashboard = articles.dashboard(this.clock.now(), read);
    // Corrections suggested by an equivalent claim disputed in another article (the claim registry).
    const flagged = new Set(dashboard.correctionSuggested.map((a) => (isListing(a) ? a.id : a.state.id)));
    const byRegistry = this.readModels.claimRegistry
      .articlesWithSuggestedCorrections()
      .filter((id) => !flagged.has(id))
      .flatMap((id) => (read === 'listing' ? articles.listing(id) : articles.get(id)) ?? []);
    // The desk's figures read every verdict: computed only if the client asks for them.
    const throughput = memo(() => this.readModels.claimDesk.throughput());
    const timeToVerdict = memo(() => this.readModels.claimDesk.timeToVerdict());
    return {
      ...dashboard,
      correctionSuggested: [...dashboard.correctionSuggested, ...byRegistry],
      get throughput() {
        return throughput();
      },
      get timeToVerdict() {
        return timeToVerdict();
      },
    };
  }
}

@QueryHandler(GetArticleHistory)
export class GetArticleHistoryHandler implements IQueryHandler<GetArticleHistory, HistoryRow[]> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ id }: GetArticleHistory): Promise<HistoryRow[]> {
    await this.readModels.settle();
    return this.readModels.articles.history(id);
  }
}

@QueryHandler(GetAuditLog)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLog, Page<AuditEntry>> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ actor, filter, first, after }: GetAuditLog): Promise<Page<AuditEntry>> {
    if (!actor.roles.includes('admin')) throw new Forbidden('ROLE', 'The audit log is for admins');
    await this.readModels.settle();
    return this.readModels.auditLog.entries(filter, first, after);
  }
}

/** The public record behind a slug; `movedFrom` is the slug asked for when the article has since been renamed. */
export interface PublishedRecord extends ArticleView {
  readonly movedFrom: string | null;
}

@QueryHandler(GetPublishedArticle)
export class GetPublishedArticleHandler implements IQueryHandler<GetPublishedArticle, PublishedRecord | null> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly slots: PublicationSlots,
  ) {}

  async execute({ slug }: GetPublishedArticle): Promise<PublishedRecord | null> {
    await this.readModels.settle();
    const current = this.readModels.articles.getPublicRecordBySlug(slug);
    if (current) return { ...current, movedFrom: null };
    // An old slug: its reservation names the article, which answers under the slug it has now.
    const owner = await this.slots.ownerOf(slug);
    const renamed = owner === null ? null : this.readModels.articles.get(owner)?.state.slug;
    if (!renamed || renamed === slug) return null;
    const record = this.readModels.articles.getPublicRecordBySlug(renamed);
    return record ? { ...record, movedFrom: slug } : null;
  }
}

@QueryHandler(GetNeighbours)
export class GetNeighboursHandler implements IQueryHandler<GetNeighbours, { previous: ArticleView | null; next: ArticleView | null }> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ id }: GetNeighbours) {
    return this.readModels.articles.neighbours(id);
  }
}

function memo<T>(compute: () => T): () => T {
  let value: { readonly result: T } | null = null;
  return () => (value ??= { result: compute() }).result;
}

export const QUERY_HANDLERS = [
  GetArticleHandler,
  ListArticlesHandler,
  GetClaimQueueHandler,
  GetEquivalentClaimsHandler,
  GetDashboardHandler,
  GetArticleHistoryHandler,
  GetPublishedArticleHandler,
  GetAuditLogHandler,
  GetNeighboursHandler,
];

