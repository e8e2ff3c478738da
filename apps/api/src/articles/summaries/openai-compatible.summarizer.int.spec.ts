import { OpenAiCompatibleSummarizer } from './openai-compatible.summarizer';
import { FakeModelServer } from './testing/fake-model.server';
import { fastTimings, modelSummarizerContract, modelSummary, testArticle } from './testing/model-summarizer.contract';

type ChatBody = { model: string; messages: { role: string; content: string }[]; temperature: number; max_tokens: number };

const chatCompletion = (content: unknown, finishReason = 'stop') => ({
  json: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
  },
});

modelSummarizerContract({
  provider: 'openai-compatible',
  path: '/v1/chat/completions',
  make: (baseUrl, options) => new OpenAiCompatibleSummarizer({ baseUrl: `${baseUrl}/v1`, model: 'test-model' }, options),
  success: (text) => chatCompletion(text),
  malformed: {
    'no choices': { json: { id: 'chatcmpl-1', choices: [] } },
    'a null message content': chatCompletion(null),
    'an answer cut off at the token limit': chatCompletion(modelSummary, 'length'),
  },
  promptOf: (body) => {
    const { messages } = body as ChatBody;
    return { system: messages.find((m) => m.role === 'system')?.content ?? '', user: messages.find((m) => m.role === 'user')?.content ?? '' };
  },
});

describe('OpenAiCompatibleSummarizer on the wire', () => {
  let server: FakeModelServer;
  beforeEach(async () => {
    server = await FakeModelServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends a chat completion request with the model, both messages, the parameters and the bearer key', async () => {
    server.reply(chatCompletion(modelSummary));
    const summarizer = new OpenAiCompatibleSummarizer({ baseUrl: `${server.url}/v1/`, model: 'llama3.3:70b', apiKey: 'sk-local' }, fastTimings);

    await summarizer.summarize(testArticle);

    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers).toMatchObject({ authorization: 'Bearer sk-local', 'content-type': 'application/json' });
    const body = request.body as ChatBody;
    expect(body).toMatchObject({ model: 'llama3.3:70b', temperature: 0.2, max_tokens: 400, stream: false });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[1].content).toMatch(/<article>\n<title>Harbour city doubles its bike lanes/);
  });

  it('sends no authorization header when no key is configured', async () => {
    server.reply(chatCompletion(modelSummary));

    await new OpenAiCompatibleSummarizer({ baseUrl: server.url, model: 'llama3.3:70b' }, fastTimings).summarize(testArticle);

    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('summarizes a sensitive article too: a self-hosted model keeps it inside the newsroom', async () => {
    server.reply(chatCompletion(modelSummary));

    const draft = await new OpenAiCompatibleSummarizer({ baseUrl: server.url, model: 'llama3.3:70b' }, fastTimings).summarize({ ...testArticle, sensitive: true });

    expect(server.requests).toHaveLength(1);
    expect(draft).toMatchObject({ provider: 'openai-compatible', fallbackFrom: null });
  });

  it('never sends a sensitive article to an endpoint declared hosted', async () => {
    const summarizer = new OpenAiCompatibleSummarizer({ baseUrl: server.url, model: 'gpt-4o-mini', hosted: true }, fastTimings);

    const draft = await summarizer.summarize({ ...testArticle, sensitive: true });

    expect(server.requests).toHaveLength(0);
    expect(draft).toMatchObject({ provider: 'extractive', fallbackFrom: 'openai-compatible', parameters: { fallbackReason: 'sensitive' } });
  });

  it('never sends a sensitive article to a hosted endpoint for a rewrite either: BRIEF is extracted, the others declined', async () => {
    const summarizer = new OpenAiCompatibleSummarizer({ baseUrl: server.url, model: 'gpt-4o-mini', hosted: true }, fastTimings);
    const sensitive = { ...testArticle, sensitive: true };

    const brief = await summarizer.rewrite(sensitive, 'BRIEF');
    const plain = await summarizer.rewrite(sensitive, 'PLAIN_LANGUAGE');

    expect(server.requests).toHaveLength(0);
    expect(brief).toMatchObject({ supported: true, draft: { provider: 'extractive', fallbackFrom: 'openai-compatible', parameters: { fallbackReason: 'sensitive' } } });
    expect(plain).toEqual({
      supported: false,
      provider: 'openai-compatible',
      reason: expect.stringMatching(/^Sensitive articles are never sent to a hosted model; .*cannot write a PLAIN_LANGUAGE version/),
    });
  });

  it('drops the inline reasoning a reasoning model puts before its answer', async () => {
    server.reply(chatCompletion(`<think>The reader wants figures.</think>\n${modelSummary}`));

    const draft = await new OpenAiCompatibleSummarizer({ baseUrl: server.url, model: 'deepseek-r1:32b' }, fastTimings).summarize(testArticle);

    expect(draft.text).toBe(modelSummary);
  });
});
