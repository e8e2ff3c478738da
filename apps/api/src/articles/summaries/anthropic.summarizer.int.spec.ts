import { AnthropicSummarizer } from './anthropic.summarizer';
import { ExtractiveSummarizer } from './extractive.summarizer';
import { FakeModelServer } from './testing/fake-model.server';
import { fastTimings, modelSummarizerContract, modelSummary, testArticle } from './testing/model-summarizer.contract';

type MessagesBody = { model: string; system: string; messages: { role: string; content: string }[]; max_tokens: number; temperature: number };

const message = (content: unknown[], stopReason = 'end_turn') => ({
  json: {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: 'test-model',
    content,
    stop_reason: stopReason,
    usage: { input_tokens: 512, output_tokens: 96 },
  },
});

modelSummarizerContract({
  provider: 'anthropic',
  path: '/v1/messages',
  make: (baseUrl, options) => new AnthropicSummarizer({ baseUrl, apiKey: 'test-key', model: 'test-model' }, options),
  success: (text) => message([{ type: 'text', text }]),
  malformed: {
    'no content blocks': message([]),
    'no text block': message([{ type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }]),
    'an answer cut off at the token limit': message([{ type: 'text', text: modelSummary }], 'max_tokens'),
    'an error object with status 200': { json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
  },
  promptOf: (body) => {
    const { system, messages } = body as MessagesBody;
    return { system, user: messages[0].content };
  },
});

describe('AnthropicSummarizer on the wire', () => {
  let server: FakeModelServer;
  beforeEach(async () => {
    server = await FakeModelServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends a Messages request with the key, the API version, the model and the system prompt apart', async () => {
    server.reply(message([{ type: 'text', text: modelSummary }]));
    const summarizer = new AnthropicSummarizer({ baseUrl: `${server.url}/v1`, apiKey: 'sk-ant-test', model: 'claude-sonnet-4-5' }, fastTimings);

    await summarizer.summarize(testArticle);

    const [request] = server.requests;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(request.headers.authorization).toBeUndefined();
    const body = request.body as MessagesBody;
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 400, temperature: 0.2 });
    expect(body.system).toContain('between <article> and </article>');
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ role: 'user' });
    expect(body.messages[0].content).toContain(`<body>\n${testArticle.body}\n</body>\n</article>`);
  });

  it('joins the text blocks of a multi-block answer', async () => {
    const [first, second] = [modelSummary.slice(0, 120), modelSummary.slice(120)];
    server.reply(message([{ type: 'text', text: first }, { type: 'text', text: second }]));

    const draft = await new AnthropicSummarizer({ baseUrl: server.url, apiKey: 'k', model: 'm' }, fastTimings).summarize(testArticle);

    expect(draft.text.replace(/\s+/g, '')).toBe(modelSummary.replace(/\s+/g, ''));
  });

  it('never sends a sensitive article to the hosted model: the extractive summary stands in, and says why', async () => {
    server.reply(message([{ type: 'text', text: modelSummary }]));
    const sensitive = { ...testArticle, sensitive: true };

    const draft = await new AnthropicSummarizer({ baseUrl: server.url, apiKey: 'k', model: 'claude-sonnet-4-5' }, fastTimings).summarize(sensitive);

    expect(server.requests).toHaveLength(0);
    const extractive = await new ExtractiveSummarizer().summarize(sensitive);
    expect(draft).toEqual({
      ...extractive,
      fallbackFrom: 'anthropic',
      parameters: {
        ...extractive.parameters,
        fallbackReason: 'sensitive',
        fallbackDetail: 'sensitive articles are never sent to a hosted model',
        fallbackModel: 'claude-sonnet-4-5',
        modelAttempts: 0,
      },
    });
  });

  it('defaults to Anthropic’s API when no URL is configured', () => {
    const summarizer = new AnthropicSummarizer({ apiKey: 'k', model: 'm' });
    expect((summarizer as unknown as { url: string }).url).toBe('https://api.anthropic.com/v1/messages');
  });
});
