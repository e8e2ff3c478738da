import { renderMarkdown, safeUrl } from './markdown-html';

const TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'hr', 'br', 'del']);
const ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'class', 'start']);

/**
 * What must never survive into a feed's HTML, whatever the Markdown says: read as a browser would,
 * every tag is one of the renderer's, every attribute a known one, every URL a harmless one.
 */
function assertInert(html: string): void {
  const tag = /<(\/?)([a-zA-Z0-9]+)((?:\s+[a-z]+="[^"]*")*)\s*>/g;
  let match: RegExpExecArray | null;
  let lastEnd = 0;
  while ((match = tag.exec(html)) !== null) {
    // Between tags there is only text: no stray "<" a browser could read as markup.
    expect(html.slice(lastEnd, match.index)).not.toMatch(/[<>]/);
    lastEnd = match.index + match[0].length;
    expect(TAGS).toContain(match[2].toLowerCase());
    for (const attribute of match[3].matchAll(/([a-z]+)="([^"]*)"/g)) {
      expect(ATTRIBUTES).toContain(attribute[1]);
      const value = attribute[2].replace(/&#(\d+);/g, (_m, n) => String.fromCharCode(Number(n))).replace(/&[a-z]+;/g, ' ');
      if (attribute[1] === 'href' || attribute[1] === 'src') {
        expect(value.replace(/[\u0000-\u0020]/g, '')).not.toMatch(/^(javascript|vbscript|data|file):/i);
      }
    }
  }
  expect(html.slice(lastEnd)).not.toMatch(/[<>]/);
}

describe('renderMarkdown', () => {
  it('renders what articles use', () => {
    const html = renderMarkdown(
      [
        '## Where the money goes',
        '',
        'Microsoft said it would spend **about $80 billion** on *data centres*,',
        'per its [filing](https://example.org/10-K "10-K") and `capex` notes.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '> A quote',
        '',
        '```ts',
        'const a = 1 < 2;',
        '```',
        '',
        '---',
        '',
        '![A chart](https://example.org/chart.png)',
      ].join('\n'),
    );
    expect(html).toContain('<h2>Where the money goes</h2>');
    expect(html).toContain('<strong>about $80 billion</strong>');
    expect(html).toContain('<em>data centres</em>');
    expect(html).toContain('<a href="https://example.org/10-K" title="10-K">filing</a>');
    expect(html).toContain('<code>capex</code>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(html).toContain('<blockquote>\n<p>A quote</p>\n</blockquote>');
    expect(html).toContain('<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>');
    expect(html).toContain('<hr>');
    expect(html).toContain('<img src="https://example.org/chart.png" alt="A chart">');
    assertInert(html);
  });

  it('keeps snake_case and lone markers as text', () => {
    expect(renderMarkdown('a snake_case_name and 3 * 4 = 12')).toBe('<p>a snake_case_name and 3 * 4 = 12</p>');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an event handler on an image tag', '<img src=x onerror=alert(1)>'],
    ['an inline svg', '<svg onload=alert(1)></svg>'],
    ['an iframe', '<iframe src="javascript:alert(1)"></iframe>'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['a javascript: link with a mixed-case, spaced scheme', '[click]( JaVa\tScRiPt:alert(1))'],
    ['a javascript: link with an entity-encoded scheme', '[click](&#106;avascript:alert(1))'],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: link', '[x](vbscript:msgbox(1))'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['a data: image', '![x](data:image/svg+xml,<svg onload=alert(1)>)'],
    ['a javascript: autolink', '<javascript:alert(1)>'],
    ['an attribute break-out in a link target', '[x](https://example.org/"onmouseover="alert(1))'],
    ['an attribute break-out in a title', '[x](https://example.org "a\\" onmouseover=\\"alert(1)")'],
    ['an attribute break-out in alt text', '![" onerror="alert(1)](https://example.org/a.png)'],
    ['a heading with markup', '# <b onclick="x()">Hi</b>'],
    ['a code fence language', '```"><script>alert(1)</script>\ncode\n```'],
    ['html in a list', '- <a href="javascript:alert(1)">x</a>'],
    ['html in a quote', '> <style>body{}</style><form><input>'],
    ['html inside emphasis', '**<script>x</script>**'],
  ])('leaves nothing executable of %s', (_what, markdown) => {
    const html = renderMarkdown(markdown);
    assertInert(html);
  });

  it('shows raw HTML as text rather than dropping it', () => {
    expect(renderMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it('renders an unsafe link as its label only', () => {
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>click</p>');
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://example.org/a?b=1&c=2', 'https://example.org/a?b=1&amp;c=2'],
    ['/articles/x', '/articles/x'],
    ['#notes', '#notes'],
    ['mailto:desk@example.org', 'mailto:desk@example.org'],
    ['//cdn.example.org/x.png', '//cdn.example.org/x.png'],
  ])('keeps %s', (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });

  it.each(['javascript:alert(1)', ' javascript:x', 'java\nscript:x', 'JAVASCRIPT:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'a:b'])(
    'refuses %j',
    (url) => {
      expect(safeUrl(url)).toBeNull();
    },
  );

  it('allows images over http(s) only', () => {
    expect(safeUrl('mailto:a@b.c', 'image')).toBeNull();
    expect(safeUrl('https://example.org/a.png', 'image')).toBe('https://example.org/a.png');
  });
});
