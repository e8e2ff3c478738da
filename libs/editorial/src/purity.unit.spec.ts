import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The domain reads no clock and makes no random ids: both arrive with the command (STYLE.md rule 1). */
const IMPURE = [/Date\.now\(/, /new Date\(\s*\)/, /randomUUID/, /Math\.random\(/, /process\.env/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('libs/editorial purity', () => {
  it.each(sources(__dirname))('%s reads no clock, no randomness and no environment', (file) => {
    const text = readFileSync(file, 'utf8');
    const found = IMPURE.filter((pattern) => pattern.test(text)).map(String);
    expect(found).toEqual([]);
  });
});
