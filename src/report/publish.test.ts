import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeResult, makeUngraded } from '../testing/result-builder.ts';
import { renderMarkdown } from './markdown.ts';
import { findRepoRoot, publishToGitHub } from './publish.ts';

let dir: string;
let env: NodeJS.ProcessEnv;
let printed: string;
const sink = { write: (s: string) => (printed += s) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-'));
  await writeFile(join(dir, 'output'), '');
  await writeFile(join(dir, 'summary.md'), '');
  env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
  printed = '';
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const outputs = async () => readFile(join(dir, 'output'), 'utf8');
const summary = async () => readFile(join(dir, 'summary.md'), 'utf8');

describe('publishToGitHub', () => {
  it('does nothing outside GitHub Actions', async () => {
    const published = await publishToGitHub(makeResult([{ id: 'a.b', status: 'fail' }]), {
      env: { ...env, GITHUB_ACTIONS: undefined },
      commands: sink,
    });
    expect(published).toBe(false);
    expect(printed).toBe('');
    expect(await outputs()).toBe('');
    expect(await summary()).toBe('');
  });

  it('annotates failures from the repository root, appends summary.md and sets the outputs', async () => {
    const repo = join(dir, 'repo');
    await mkdir(join(repo, '.git'), { recursive: true });
    await mkdir(join(repo, 'labs', 'lab4'), { recursive: true });
    const result = makeResult(
      [
        { id: 'pools.cidr-valid', status: 'fail', maxPoints: 2, evidence: { at: 'ippool.yaml:3:5' } },
        {
          id: 'deployment.replicas',
          maxPoints: 1,
          evidence: { warnings: ['a ReplicaSet, not a Deployment'] },
        },
      ],
      { submission: join(repo, 'labs', 'lab4') },
    );
    const scale = { static: 23, live: 41 };
    expect(await publishToGitHub(result, { env, commands: sink, scale })).toBe(true);
    expect(printed.trimEnd().split('\n')).toEqual([
      '::error file=labs/lab4/ippool.yaml,line=3,col=5,title=pools.cidr-valid::pools.cidr-valid is fail',
      '::warning title=deployment.replicas::a ReplicaSet, not a Deployment',
    ]);
    expect(await summary()).toBe(renderMarkdown(result, { scale }));
    const out = await outputs();
    expect(out).toMatch(/^score=1\nmax-score=3\nstatus=fail\nresult=[A-Za-z0-9+/=]+\n$/);
  });

  it('gives an ungraded result one error, its summary and 0 of 0 with status error', async () => {
    await publishToGitHub(makeUngraded({ message: 'submission path does not exist: /x' }), {
      env,
      commands: sink,
    });
    expect(printed).toBe(
      '::error title=kube-lab-grader::alice: not graded: read: submission path does not exist: /x\n',
    );
    expect(await summary()).toContain('not graded: read: submission path does not exist: /x');
    expect(await outputs()).toMatch(/^score=0\nmax-score=0\nstatus=error\nresult=/);
  });

  it('publishes a class: class.md, one error per ungraded student, class outputs', async () => {
    await publishToGitHub(
      {
        kind: 'class',
        markdown: '# Class results\n',
        exitCode: 3,
        rows: [
          { student: 'alice', status: 'graded' },
          { student: 'bob,x', status: 'ungraded', error: { step: 'read', message: 'gone\n::add-mask::y' } },
        ],
      },
      { env, commands: sink },
    );
    expect(printed).toBe('::error title=bob%2Cx::not graded: read: gone%0A\\x3a:add-mask::y\n');
    expect(await summary()).toBe('# Class results\n');
    expect(await outputs()).toBe('status=error\nstudents=2\ngraded=1\nungraded=1\n');
  });
});

describe('findRepoRoot', () => {
  it('finds the nearest folder with a .git folder or file, from a path that may not exist', async () => {
    await mkdir(join(dir, 'outer', '.git'), { recursive: true });
    await mkdir(join(dir, 'outer', 'sub', 'inner'), { recursive: true });
    await writeFile(join(dir, 'outer', 'sub', '.git'), 'gitdir: ../.git/modules/sub\n');
    expect(findRepoRoot(join(dir, 'outer', 'a', 'b'))).toBe(join(dir, 'outer'));
    expect(findRepoRoot(join(dir, 'outer', 'sub', 'inner'))).toBe(join(dir, 'outer', 'sub'));
  });
});
