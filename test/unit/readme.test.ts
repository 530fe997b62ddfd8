// Issue 24, item 5: the README tells the truth, and this keeps it so. Every `kraken-gate …` (and
// `npx kraken-gate …`, `npm run …`) the README shows, in its shell blocks and its inline code, must
// parse: each subcommand it names exists in the CLI's own command tree, each flag exists on that
// command, a client or an action is one the command takes. Each relative link in README.md and
// docs/*.md resolves (a file in the repository, and a heading for an #anchor). The versions and
// install warnings it states are the ones package.json and package-lock.json give. Offline: it
// reads files and the commander program, and runs nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CLIENT_IDS } from '../../main/clients/index.js';
import { buildProgram } from '../../main/cli/run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string }; devDependencies: Record<string, string> };

interface Block {
  lang: string;
  lines: string[];
  /** 1-based line of the fence in the file. */
  at: number;
}

/** Fenced code blocks, and the text outside them (fences blanked, so line numbers hold). */
function splitFences(text: string): { blocks: Block[]; prose: string } {
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: Block | undefined;
  text.split('\n').forEach((line, index) => {
    const fence = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (fence && !open) {
      open = { lang: fence[2]!.toLowerCase(), lines: [], at: index + 1 };
      prose.push('');
    } else if (fence && open && line.trim().startsWith(fence[1]!.slice(0, 3))) {
      blocks.push(open);
      open = undefined;
      prose.push('');
    } else {
      if (open) open.lines.push(line);
      prose.push(open ? '' : line);
    }
  });
  return { blocks, prose: prose.join('\n') };
}

/** The words of a shell command line, quotes taken off; stops at a comment, a pipe, `;`, `&&`, `)`, a redirection. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length || /[#|;&)<>`]/.test(text[i]!)) break;
    let word = '';
    while (i < text.length && !/[\s|;&)<>`]/.test(text[i]!)) {
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const end = text.indexOf(quote, i + 1);
        word += text.slice(i + 1, end === -1 ? undefined : end);
        i = end === -1 ? text.length : end + 1;
      } else if (text.startsWith('$(', i)) {
        // A substitution inside a word ($(kraken-gate token)) is checked as its own command.
        const end = text.indexOf(')', i);
        word += text.slice(i, end === -1 ? undefined : end + 1);
        i = end === -1 ? text.length : end + 1;
      } else {
        word += text[i];
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

/** Each `kraken-gate …` in a line of shell, as the argv the CLI gets (npm run serve -- … and npx included). */
function commandsIn(line: string): string[][] {
  const found: string[][] = [];
  for (const match of line.matchAll(/(?:npx\s+(?:-y\s+)?)?kraken-gate(?=\s|$|\))/g)) {
    // Only where a command starts: a line, $( … ), after ; && || |, or after VAR=value words.
    // Elsewhere it is an argument (`claude mcp add … kraken-gate URL`: the server's name).
    const before = line.slice(0, match.index);
    if (!/(?:^|\$\(|[;&|(]|[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S)*)\s*$/.test(before)) continue;
    found.push(shellWords(line.slice(match.index + match[0].length)));
  }
  for (const match of line.matchAll(/(?:^|[\s;&|(])npm run (?:-s\s+)?([\w:-]+)(.*)$/g)) {
    const [, script, rest] = match as unknown as [string, string, string];
    const words = shellWords(rest);
    // `npm run serve -- ARGS` and `npm run paper` are `kraken-gate serve ARGS` and `kraken-gate paper`.
    if (script === 'serve' || script === 'paper') found.push([script, ...(words[0] === '--' ? words.slice(1) : [])]);
  }
  return found;
}

const PLACEHOLDER = /^[A-Z][A-Z_]*$|^<.*>$|…|^\[|\]$/;

/**
 * Why an argv does not parse, or undefined: a subcommand that does not exist, a flag the command
 * does not have, a client or an action it does not take.
 */
function problem(program: Command, argv: readonly string[]): string | undefined {
  let command = program;
  const words = [...argv];
  const upstream = words.indexOf('--');
  if (upstream !== -1) {
    if (words[0] !== 'serve') return `-- goes with serve only`;
    words.splice(upstream);
  }
  let positional = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      const options = [...command.options, ...(command === program ? [] : program.options)];
      let takesValue = false;
      for (const name of word.split('=')[0]!.split('|')) {
        const option = options.find((o) => o.long === name || o.short === name);
        if (!option && name !== '--help' && name !== '-h') return `${command.name()} has no option ${name}`;
        takesValue ||= Boolean(option && (option.required || option.optional));
      }
      // The Commands table lists flags without their values (`--since --until`): a flag is not a value.
      if (takesValue && !word.includes('=') && !words[i + 1]?.startsWith('-')) i++;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub && positional === 0) {
      command = sub;
      continue;
    }
    if (command === program && word === 'help') continue;
    if (command.commands.length > 0 && positional === 0 && !PLACEHOLDER.test(word)) return `${command.name()} has no command ${word}`;
    const argument = command.registeredArguments[positional];
    if (!argument && command !== program) return `${command.name()} takes no argument ${word}`;
    if (!PLACEHOLDER.test(word)) {
      const choices = command.name() === 'config' && positional === 0 ? [...CLIENT_IDS] : argument?.argChoices;
      const bad = choices ? word.split('|').filter((w) => !choices.includes(w)) : [];
      if (bad.length) return `${command.name()} takes ${choices!.join(', ')}, not ${bad.join(', ')}`;
    }
    positional++;
  }
  if (command === program && argv.length > 0 && !argv.every((w) => w.startsWith('-'))) return `no command in "${argv.join(' ')}"`;
  return undefined;
}

function check(argvs: Array<{ argv: string[]; where: string }>): string[] {
  const program = buildProgram({ upstreamArgv: [], done: () => undefined });
  return argvs.flatMap(({ argv, where }) => {
    const why = problem(program, argv);
    return why ? [`${where}: kraken-gate ${argv.join(' ')}: ${why}`] : [];
  });
}

const { blocks, prose } = splitFences(README);
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** `kraken-gate …` in the README's shell blocks, continuation lines joined. */
function fencedCommands(): Array<{ argv: string[]; where: string }> {
  return blocks
    .filter((block) => SHELL.has(block.lang))
    .flatMap((block) => {
      const joined = block.lines.join('\n').replace(/\\\n\s*/g, ' ').split('\n');
      return joined.flatMap((line) => commandsIn(line).map((argv) => ({ argv, where: `README.md, the block at line ${block.at}` })));
    });
}

/** The Commands table's syntax: [--a N] optional parts, A\|B alternatives, … more; only the names matter. */
function syntaxWords(span: string): string[] {
  // A\|B stays one word (a pipe would end a shell command): the checker tries each side.
  return shellWords(span.replace(/\\\|/g, '\u00a6').replace(/[[\]]/g, ' '))
    .filter((word) => word !== '…')
    .map((word) => word.replace(/\u00a6/g, '|'));
}

/** `kraken-gate …` in inline code; a table cell's `… / resume [--code C]` alternatives each on their own. */
function inlineCommands(): Array<{ argv: string[]; where: string }> {
  const out: Array<{ argv: string[]; where: string }> = [];
  prose.split('\n').forEach((line, index) => {
    const spans = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    spans.forEach((span, n) => {
      const where = `README.md:${index + 1}`;
      if (/^(?:npx )?kraken-gate(?:\s|$)/.test(span)) {
        out.push({ argv: syntaxWords(span.replace(/^(?:npx )?kraken-gate\s*/, '')), where });
        // `kraken-gate pause` / `resume [--code C]`: the spans chained to it by " / " are commands too.
        let previous = span;
        for (const more of spans.slice(n + 1)) {
          if (!/^[a-z]/.test(more) || !line.includes(`\`${previous}\` / \`${more}\``)) break;
          out.push({ argv: syntaxWords(more), where });
          previous = more;
        }
      }
      for (const argv of commandsIn(span).filter(() => /^npm run /.test(span))) out.push({ argv, where });
    });
  });
  return out;
}

describe('the README\'s commands', () => {
  it('finds the commands it checks (the extraction works)', () => {
    const fenced = fencedCommands().map(({ argv }) => argv.join(' '));
    expect(fenced).toContain('pending');
    expect(fenced).toContain('deny K7Q2M9XD --reason too large');
    expect(fenced).toContain('token');
    expect(inlineCommands().length).toBeGreaterThan(30);
  });

  it('every `kraken-gate …` in its shell blocks parses: the subcommands and flags exist', () => {
    expect(check(fencedCommands())).toEqual([]);
  });

  it('every `kraken-gate …` in its text and the Commands table parses too', () => {
    expect(check(inlineCommands())).toEqual([]);
  });

  it('the checker itself refuses what does not parse', () => {
    const program = buildProgram({ upstreamArgv: [], done: () => undefined });
    expect(problem(program, ['aprove', 'ID'])).toMatch(/no command/);
    expect(problem(program, ['approve', 'ID', '--volum', '1'])).toBe('approve has no option --volum');
    expect(problem(program, ['presence', 'setpu'])).toBe('presence has no command setpu');
    expect(problem(program, ['config', 'claude'])).toMatch(/not claude$/);
    expect(problem(program, ['keys', 'show'])).toMatch(/not show$/);
    expect(problem(program, ['serve', '--port', '8803', '--', 'python', 'x.py', '--flag'])).toBeUndefined();
    expect(problem(program, ['log', '--json|--csv', '--since', '--until'])).toBeUndefined();
    expect(problem(program, ['log', '--json|--cvs'])).toBe('log has no option --cvs');
  });

  it('the Commands table lists every command', () => {
    const program = buildProgram({ upstreamArgv: [], done: () => undefined });
    const section = README.slice(README.indexOf('\n## Commands'), README.indexOf('\n## ', README.indexOf('\n## Commands') + 1));
    const named = new Set([...section.matchAll(/^\| `(?:kraken-gate )?([a-z]+)/gm), ...section.matchAll(/ \/ `([a-z]+)/g)].map((m) => m[1]));
    expect(program.commands.map((c) => c.name()).filter((name) => name !== 'help' && !named.has(name))).toEqual([]);
  });

  it('every `npm run X` it shows is a script of package.json', () => {
    const runs = [...README.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(runs.length).toBeGreaterThan(5);
    expect(runs.filter((script) => !(script in packageJson.scripts))).toEqual([]);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const match of splitFences(markdown).prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = match[1]!
      .replace(/`/g, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    out.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return out;
}

describe('links in README.md and docs/*.md', () => {
  it.each(DOCS)('%s: every relative link resolves, to a file and to a heading for #anchors', (file) => {
    const text = read(file);
    const broken: string[] = [];
    const prose = splitFences(text).prose.replace(/`[^`\n]*`/g, '');
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(ROOT, resolved))) {
        broken.push(`${target}: no ${resolved}`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('what the README says of versions and warnings', () => {
  it('names the Electron package.json installs', () => {
    const major = /(\d+)/.exec(packageJson.devDependencies.electron!)![1];
    const said = [...README.matchAll(/Electron (\d+)/g)].map((m) => m[1]);
    expect(said.filter((version) => version !== major)).toEqual([]);
  });

  it('lists the packages npm warns about on the oldest Node it supports (EBADENGINE) and for install scripts, as the lock file has them', () => {
    // semver comes with npm's own tooling in node_modules (electron-builder, eslint …): only the range check is borrowed.
    const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } };
    const oldest = semver.minVersion(packageJson.engines.node).version;
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string }; os?: string[]; cpu?: string[]; hasInstallScript?: boolean }> };
    const installed = Object.entries(lock.packages).filter(([path, meta]) => path !== '' && !meta.os && !meta.cpu);
    const name = ([path]: [string, unknown]): string => path.replace(/^.*node_modules\//, '');
    const engines = installed.filter(([, meta]) => meta.engines?.node && !semver.satisfies(oldest, meta.engines.node)).map(name);
    // npm 11.16+: an advisory for every install script no allowScripts field covers.
    const scripts = installed.filter(([, meta]) => meta.hasInstallScript).map(name);
    const section = README.slice(README.indexOf('## Which Node runs what'), README.indexOf('## Quick start'));
    const listed = [...section.matchAll(/`(@?[\w.-]+(?:\/[\w.-]+)?)`/g)].map((m) => m[1]!).filter((pkg) => `node_modules/${pkg}` in lock.packages);
    expect([...new Set(listed)].sort()).toEqual([...new Set([...engines, ...scripts])].sort());
    const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    expect(section).toContain(`${words[engines.length] ?? engines.length} \`npm warn EBADENGINE\``);
  });
});
