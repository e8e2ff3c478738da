import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ATOM_CONTENT_TYPE } from '../feeds/atom-feed';
import { JSON_FEED_CONTENT_TYPE } from '../feeds/json-feed';
import { PublishedFeed, type RenderedFeed } from '../feeds/published-feed';

/** The public feeds, without a token: JSON Feed 1.1 and Atom, with conditional GETs. */
@Controller()
export class FeedsController {
  constructor(private readonly feed: PublishedFeed) {}

  @Get('feed.json')
  async jsonFeed(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(request, reply, await this.feed.json(), JSON_FEED_CONTENT_TYPE);
  }

  @Get('feed.xml')
  async atomFeed(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await send(request, reply, await this.feed.atom(), ATOM_CONTENT_TYPE);
  }
}

async function send(request: FastifyRequest, reply: FastifyReply, feed: RenderedFeed, contentType: string): Promise<void> {
  reply
    .header('etag', feed.etag)
    .header('last-modified', feed.lastModified.toUTCString())
    .header('cache-control', 'public, max-age=60')
    .header('vary', 'accept-encoding');
  if (notModified(request, feed)) {
    await reply.code(304).send();
    return;
  }
  await reply.code(200).header('content-type', contentType).send(feed.body);
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
function notModified(request: FastifyRequest, feed: RenderedFeed): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(feed.etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && feed.lastModified.getTime() <= since;
}
