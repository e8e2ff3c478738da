import { approvedArticle, must, type Article, type Desk } from '../../support/article.flow';
import { eventually, type Galley } from '../../support/galley.harness';

export async function publishedArticle(galley: Galley, desk: Desk, overrides: Record<string, unknown> = {}): Promise<Article> {
  const approved = await approvedArticle(galley, desk, overrides);
  return must(galley, 'publishArticle', { id: approved.id }, desk.publisher);
}

export const WEBHOOK_FIELDS = `id url events active deliveries { pending delivered dead cancelled }`;
export const DELIVERY_FIELDS = `id webhookId eventId type articleId status attempts failures lastStatusCode lastError deliveredAt deadAt
  history { attempt statusCode error }`;

export interface Delivery {
  id: string;
  webhookId: string;
  eventId: string;
  type: string;
  articleId: string;
  status: string;
  attempts: number;
  failures: number;
  lastStatusCode: number | null;
  lastError: string | null;
  history: { attempt: number; statusCode: number | null; error: string | null }[];
}

export async function registerWebhook(
  galley: Galley,
  token: string,
  input: { url: string; events: string[]; secret?: string },
): Promise<{ webhook: { id: string; url: string; events: string[] }; secret: string }> {
  const response = await galley.gql(
    `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { ${WEBHOOK_FIELDS} } } }`,
    { input },
    token,
  );
  if (response.errors?.length) throw new Error(`registerWebhook failed: ${JSON.stringify(response.errors)}`);
  return response.data!.registerWebhook;
}

export async function deliveries(galley: Galley, token: string, webhookId: string): Promise<Delivery[]> {
  const response = await galley.gql(`query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { ${DELIVERY_FIELDS} } }`, { id: webhookId }, token);
  if (response.errors?.length) throw new Error(`webhookDeliveries failed: ${JSON.stringify(response.errors)}`);
  return response.data!.webhookDeliveries;
}

/** Waits until the webhook has `count` deliveries, all in `status`. */
export function settledDeliveries(galley: Galley, token: string, webhookId: string, count: number, status = 'DELIVERED', timeoutMs = 20_000): Promise<Delivery[]> {
  return eventually(
    async () => {
      const all = await deliveries(galley, token, webhookId);
      return all.length === count && all.every((d) => d.status === status) ? all : null;
    },
    `${count} ${status} deliveries`,
    timeoutMs,
  );
}
