import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stdio } from '../../src/base/stdio.js';

/** A stand-in for Node's stream: what it was asked, in order. */
function fakeStream() {
  const calls: string[] = [];
  const stream = {
    write: (chunk: string | Uint8Array) => (calls.push(`write ${Buffer.from(chunk).toString()}`), true),
    on: (event: string) => (calls.push(`on ${event}`), stream),
    columns: 99,
  };
  let made = 0;
  const make = () => (made++, stream as unknown as NodeJS.WriteStream);
  return { calls, make, made: () => made, stream };
}

describe('stdio: a descriptor that is not a terminal', () => {
  let dir: string;
  let fd: number;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openclaw-stdio-'));
    file = join(dir, 'out');
    fd = openSync(file, 'w');
  });
  afterEach(async () => {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  });

  it('is written straight away, without making Node stream', async () => {
    const fake = fakeStream();
    const out = stdio(fd, fake.make);
    expect(out.isTTY).toBe(false);
    expect(out.columns).toBeUndefined();
    expect('write' in out).toBe(true);
    out.write('status ');
    out.write(Buffer.from('bytes '));
    out.write('中文\n', 'utf8');
    const called = await new Promise<boolean>((resolve) => out.write('', () => resolve(true)));
    expect(called).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('status bytes 中文\n');
    expect(fake.made()).toBe(0);
  });

  it('makes Node stream once something asks for more than writing, which takes every later write', () => {
    const fake = fakeStream();
    const out = stdio(fd, fake.make);
    out.write('before\n');
    out.on('resize', () => {});
    out.write('after\n');
    expect(out.columns).toBe(99);
    expect(fake.made()).toBe(1);
    expect(fake.calls).toEqual(['on resize', 'write after\n']);
    expect(readFileSync(file, 'utf8')).toBe('before\n');
  });
});

/** `test` given stdio over `device` opened for writing, and the stand-in for Node's stream; closed after. */
async function onDevice(device: string, test: (out: NodeJS.WriteStream, fake: ReturnType<typeof fakeStream>) => void | Promise<void>) {
  const fake = fakeStream();
  const fd = openSync(device, 'w');
  try {
    await test(stdio(fd, fake.make), fake);
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(process.platform === 'win32')('stdio: /dev/null', () => {
  it('is written straight to, as a file is (Node stream for it is a file stream, costly to make)', () =>
    onDevice('/dev/null', (out, fake) => {
      expect(out.isTTY).toBe(false);
      out.write('gone\n');
      expect(fake.made()).toBe(0);
    }));
});

describe('stdio: a terminal (any character device but /dev/null)', () => {
  it('is written straight to, and says it is a terminal, until its size is asked for: then Node stream takes over', () =>
    onDevice('/dev/zero', async (out, fake) => {
      expect(out.isTTY).toBe(true);
      out.write('straight\n');
      await new Promise((resolve) => setImmediate(resolve));
      expect(fake.made()).toBe(0);
      expect(out.columns).toBe(99);
      expect(fake.made()).toBe(1);
      out.write('streamed\n');
      expect(fake.calls).toEqual(['write streamed\n']);
    }));
});

describe('stdio: Node stream from the start', () => {
  it('for a descriptor that cannot be looked at (closed)', () => {
    const fake = fakeStream();
    const fd = openSync('/dev/null', 'w');
    closeSync(fd);
    expect(stdio(fd, fake.make)).toBe(fake.stream);
  });
});
