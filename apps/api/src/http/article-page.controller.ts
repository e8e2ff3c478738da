import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { GetPublishedArticle, type PublishedRecord } from '../articles/queries/article.queries';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import type { FeedPublication } from '../feeds/feed-entry';
import { escapeHtml } from '../feeds/markdown-html';
import { articlePage, articlePath } from './article-page';

const HTML = 'text/html; charset=utf-8';
/** The page has no script to run and loads nothing: its styles are inline, its JSON-LD is data. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'";

/**
 * Article pages at the address the feeds link to, without a token. A slug an article had before a
 * correction of its headline renamed it answers 301 to the slug it has now.
 */
@Controller()
export class ArticlePageController {
  private readonly publication: FeedPublication;

  constructor(
    private readonly queryBus: QueryBus,
    @Inject(GALLEY_CONFIG) config: GalleyConfig,
  ) {
    this.publication = { name: config.publicationName, publicUrl: config.publicUrl, timezone: config.timezone };
  }

  @Get('articles/:slug')
  async page(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const record = await this.queryBus.execute<GetPublishedArticle, PublishedRecord | null>(new GetPublishedArticle(slug));
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-content-type-options', 'nosniff');
    if (record?.movedFrom && record.state.slug) {
      await reply.code(301).header('location', articlePath(record.state.slug)).header('cache-control', 'public, max-age=300').send();
      return;
    }
    const html = record ? articlePage(record.state, this.publication) : null;
    if (html === null) {
      await reply.code(404).header('content-type', HTML).header('cache-control', 'no-store').send(notFound(this.publication.name));
      return;
    }
    await reply.code(200).header('content-type', HTML).header('cache-control', 'public, max-age=60').send(html);
  }
}

function notFound(publication: string): string {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Not found — ${escapeHtml(publication)}</title></head>\n<body><h1>No published article at this address</h1></body>\n</html>`;
}
