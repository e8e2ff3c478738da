/**
 * Summarises a V8 .cpuprofile (as GALLEY_BENCH_CPU_PROF writes them): the share of CPU time spent in
 * each package or source folder (self time), and the functions with the most self and inclusive time.
 *
 *   node --require ./tests/durability/swc-register.js tests/bench/cpu-profile.summary.ts FILE [--top=25] [--focus=name]
 *
 * `--focus=name` prints what the functions called `name` spend their inclusive time in, by package.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@nestjs/core/...` → `@nestjs/core`; our own code → its folder; V8 and Node internals by name. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const own = /\/(apps\/[^/]+\/src\/[^/]+|libs\/[^/]+\/src(?:\/[^/.]+)?|tests\/[^/]+)/.exec(url);
  return own ? own[1] : url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function summarise(file: string, top: number, focus: string | null): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfMicros].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;

  const byPackage = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const inclusiveByFn = new Map<string, number>();
  const focusPackages = new Map<string, number>();
  let focusTotal = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    selfByFn.set(label(node), (selfByFn.get(label(node)) ?? 0) + micros);
    // Inclusive: every distinct function on the stack gets the sample once.
    const seen = new Set<string>();
    let inFocus = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (focus && byId.get(at)!.callFrame.functionName === focus) inFocus = true;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusiveByFn.set(name, (inclusiveByFn.get(name) ?? 0) + micros);
    }
    if (inFocus) {
      focusTotal += micros;
      focusPackages.set(pkg, (focusPackages.get(pkg) ?? 0) + micros);
    }
  }
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const out: string[] = [`${file}`, `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`, '', 'self time by package:'];
  for (const [pkg, t] of sorted(byPackage, top)) out.push(`  ${pct(t)}  ${pkg}`);
  out.push('', 'self time by function:');
  for (const [fn, t] of sorted(selfByFn, top)) out.push(`  ${pct(t)}  ${fn}`);
  out.push('', 'inclusive time by function:');
  for (const [fn, t] of sorted(inclusiveByFn, top * 2)) out.push(`  ${pct(t)}  ${fn}`);
  if (focus) {
    out.push('', `inside ${focus} (${pct(focusTotal)} inclusive), self time by package:`);
    for (const [pkg, t] of sorted(focusPackages, top)) out.push(`  ${pct(t)}  ${pkg}`);
  }
  process.stdout.write(`${out.join('\n')}\n\n`);
}

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const focus = args.find((a) => a.startsWith('--focus='))?.slice(8) ?? null;
for (const file of args.filter((a) => !a.startsWith('--'))) summarise(file, top, focus);
