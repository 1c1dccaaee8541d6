import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('migrate-bot assess', () => {
  it('prints the total, the outcome, each criterion with its label and pull, and the advice', async () => {
    const r = await run('assess', '--scores', '2,3,4,2,5,3');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Checklist total: 19/30 -> parallel batches are viable');
    expect(r.stdout).toMatch(
      /Service coupling +2\/5 +Mostly coupled: many sync dependencies +pulls towards sequential/,
    );
    expect(r.stdout).toMatch(/Team size +3\/5 +Small team: 3 engineers, full time +neutral/);
    expect(r.stdout).toMatch(
      /Timeline pressure +5\/5 +Tight deadline: contract or end of life +pulls towards parallel/,
    );
    expect(r.stdout).toContain('What to watch for:');
    expect(r.stdout).toContain('A failing batch has a large blast radius.');
  });

  it('lands on sequential and hybrid at the band edges', async () => {
    expect((await run('assess', '--scores', '2,2,2,2,2,2')).stdout).toContain('12/30 -> sequential');
    expect((await run('assess', '--scores=3,3,3,3,3,3')).stdout).toContain('18/30 -> hybrid');
  });

  it('refuses anything but six whole numbers from 1 to 5, with exit 2', async () => {
    const five = await run('assess', '--scores', '2,3,4,2,5');
    expect(five.code).toBe(2);
    expect(five.stderr).toContain('--scores takes six scores');
    expect(five.stderr).toContain('got 5');
    const bad = await run('assess', '--scores', '0,3,x,2.5,5,6');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('4 scores are wrong:');
    expect(bad.stderr).toContain('score 1 (Service coupling) is "0": Scores run from 1 to 5.');
    expect(bad.stderr).toContain('score 3 (Automation maturity) is "x"');
    expect(bad.stderr).toContain('score 4 (Risk tolerance) is "2.5": Scores are whole numbers from 1 to 5.');
    expect(bad.stderr).toContain('score 6 (Dual-running cost) is "6"');
    expect(bad.stdout).toBe('');
    expect((await run('assess')).stderr).toContain('assess needs --scores');
    expect((await run('assess', '2,3,4,2,5,3')).stderr).toContain('e.g. --scores 2,3,4,2,5,3');
  });
});

describe('migrate-bot without a known command', () => {
  it('prints the usage listing the three commands on --help, exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of ['plan', 'assess', 'import']) expect(r.stdout).toMatch(new RegExp(`^ {2}${c} `, 'm'));
  });

  it('prints a command’s own help', async () => {
    const r = await run('plan', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--strategy sequential|parallel|hybrid');
    expect((await run('help', 'import')).stdout).toContain('--migration <name>');
  });

  it('names an unknown command and exits 2; no command at all also exits 2', async () => {
    const r = await run('deploy');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "deploy"');
    expect(r.stderr).toContain('Usage: migrate-bot <command>');
    expect((await run('constructor')).code).toBe(2);
    expect((await run()).code).toBe(2);
  });
});
