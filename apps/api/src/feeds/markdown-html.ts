/**
 * A small Markdown-to-HTML renderer for the public feeds, safe by construction: every character of
 * the source reaches the output escaped, and the only tags are the ones written here. Raw HTML in the
 * Markdown is shown as text, never passed through; link and image targets must be http(s), mailto
 * (links only) or relative, so `javascript:`, `data:` and `vbscript:` URLs cannot survive.
 *
 * It covers what articles use: ATX headings, paragraphs, emphasis, strong, inline code, fenced and
 * indented code, block quotes, lists, rules, links, autolinks and images.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A link or image target as an attribute value, or null when it is not one readers may follow. */
export function safeUrl(raw: string, kind: 'link' | 'image' = 'link'): string | null {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"): so do we.
  const url = raw.trim().replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (url === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    const allowed = kind === 'image' ? ['http', 'https'] : ['http', 'https', 'mailto'];
    if (!allowed.includes(name)) return null;
  } else if (url.startsWith('//')) {
    // Protocol-relative: fine, it stays on http(s).
  } else if (/^[^/?#]*:/.test(url)) {
    return null; // something a browser could still read as a scheme
  }
  return escapeHtml(url);
}

/** Renders Markdown to HTML fit for a feed's content. */
export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return renderBlocks(lines).join('\n');
}

type ListKind = 'ul' | 'ol';

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^ {0,3}([-*+])[ \t]+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const INDENTED_CODE = /^ {4}(.*)$/;

function renderBlocks(lines: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].trimStart().startsWith(marker)) body.push(lines[i++]);
      i += 1; // the closing fence (or the end)
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2].replace(/[^\w-]/g, ''))}"` : '';
      out.push(`<pre><code${language}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      out.push(`<h${level}>${renderInline(heading[2] ?? '')}</h${level}>`);
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i += 1;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && (QUOTE.test(lines[i]) || quoted.length > 0)) {
        const match = QUOTE.exec(lines[i]);
        quoted.push(match ? match[1] : lines[i]);
        i += 1;
      }
      out.push(`<blockquote>\n${renderBlocks(quoted).join('\n')}\n</blockquote>`);
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const kind: ListKind = BULLET.test(line) ? 'ul' : 'ol';
      const pattern = kind === 'ul' ? BULLET : ORDERED;
      const items: string[][] = [];
      const start = kind === 'ol' ? Number(ORDERED.exec(line)![1]) : 1;
      while (i < lines.length) {
        const item = pattern.exec(lines[i]);
        if (item) {
          items.push([item[2]]);
        } else if (lines[i].trim() !== '' && /^\s{2,}\S/.test(lines[i]) && items.length > 0) {
          items[items.length - 1].push(lines[i].trim()); // a continuation line
        } else if (lines[i].trim() !== '' && items.length > 0 && !startsBlock(lines[i])) {
          items[items.length - 1].push(lines[i].trim()); // a lazy continuation
        } else {
          break;
        }
        i += 1;
      }
      const open = kind === 'ol' && start !== 1 ? `<ol start="${start}">` : `<${kind}>`;
      out.push(`${open}\n${items.map((item) => `<li>${renderInline(item.join('\n'))}</li>`).join('\n')}\n</${kind}>`);
      continue;
    }
    if (INDENTED_CODE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (INDENTED_CODE.test(lines[i]) || lines[i].trim() === '')) body.push(lines[i++].slice(4));
      while (body.length > 0 && body[body.length - 1].trim() === '') body.pop();
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && (paragraph.length === 0 || !startsBlock(lines[i]))) paragraph.push(lines[i++].trim());
    out.push(`<p>${renderInline(paragraph.join('\n'))}</p>`);
  }
  return out;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || BULLET.test(line) || ORDERED.test(line);
}

const LINK = /(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"([^"\n]*)"|'([^'\n]*)'))?\s*\)/y;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^<>\s]+)>/iy;
const STRONG_OR_EM = /(\*\*|__)(?=\S)([\s\S]*?\S)\1|(\*|_)(?=[^\s*_])([\s\S]*?[^\s\\])\3(?![\p{L}\p{N}])/uy;
const STRIKE = /~~(?=\S)([\s\S]*?\S)~~/y;
const TICKS = /`+/y;

/** Matches a sticky pattern at `index` (no copying of the rest of the text). */
function at(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

/** Inline markup. Text between the recognised constructs is escaped; nothing else is emitted. */
export function renderInline(text: string): string {
  let out = '';
  let i = 0;
  let plain = '';
  const flush = () => {
    out += escapeHtml(plain);
    plain = '';
  };
  while (i < text.length) {
    const c = text[i];

    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!<>~|"']/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const ticks = at(TICKS, text, i)![0];
      const close = text.indexOf(ticks, i + ticks.length);
      if (close > 0) {
        flush();
        out += `<code>${escapeHtml(text.slice(i + ticks.length, close).replace(/\n/g, ' ').trim())}</code>`;
        i = close + ticks.length;
        continue;
      }
      plain += ticks;
      i += ticks.length;
      continue;
    }
    const link = c === '[' || (c === '!' && text[i + 1] === '[') ? at(LINK, text, i) : null;
    if (link) {
      const [whole, bang, label, rawTarget, titleA, titleB] = link;
      const target = rawTarget.startsWith('<') ? rawTarget.slice(1, -1) : rawTarget;
      const title = titleA ?? titleB;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      flush();
      if (bang) {
        const src = safeUrl(target, 'image');
        out += src ? `<img src="${src}" alt="${escapeHtml(plainText(label))}"${titleAttr}>` : escapeHtml(plainText(label));
      } else {
        const href = safeUrl(target, 'link');
        out += href ? `<a href="${href}"${titleAttr}>${renderInline(label)}</a>` : renderInline(label);
      }
      i += whole.length;
      continue;
    }
    const autolink = c === '<' ? at(AUTOLINK, text, i) : null;
    if (autolink) {
      const href = safeUrl(autolink[1]);
      flush();
      out += href ? `<a href="${href}">${escapeHtml(autolink[1])}</a>` : escapeHtml(autolink[0]);
      i += autolink[0].length;
      continue;
    }
    // `_` emphasis only at a word edge, so snake_case stays as it is.
    const emphasis = c === '*' || (c === '_' && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) ? at(STRONG_OR_EM, text, i) : null;
    if (emphasis) {
      flush();
      out += emphasis[1] ? `<strong>${renderInline(emphasis[2])}</strong>` : `<em>${renderInline(emphasis[4])}</em>`;
      i += emphasis[0].length;
      continue;
    }
    const strike = c === '~' ? at(STRIKE, text, i) : null;
    if (strike) {
      flush();
      out += `<del>${renderInline(strike[1])}</del>`;
      i += strike[0].length;
      continue;
    }
    if (c === '\n') {
      // Two trailing spaces make a hard break; a plain newline stays a newline.
      if (plain.endsWith('  ')) {
        plain = plain.trimEnd();
        flush();
        out += '<br>\n';
      } else {
        plain += '\n';
      }
      i += 1;
      continue;
    }
    plain += c;
    i += 1;
  }
  flush();
  return out;
}

/** The text of a label, markup dropped (for alt text). */
function plainText(label: string): string {
  return label.replace(/[*_`~]/g, '').replace(/\\(.)/g, '$1');
}
