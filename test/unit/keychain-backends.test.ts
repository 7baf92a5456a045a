import { describe, expect, it } from 'vitest';
import { KeychainError, systemKeychain } from '../../src/auth/secrets/keychain/index.js';
import { securityWord } from '../../src/auth/secrets/keychain/macos.js';
import type { RunOptions, RunResult, Runner } from '../../src/auth/secrets/run.js';
import { answer } from '../../src/cli/keychain-resolver.js';

/**
 * What each keychain backend sends to its tool (SPEC 12): the macOS and Windows paths cannot run here, so
 * these pin their command lines and stdin; the secret is never in an argument, always on stdin.
 */
const SECRET = 'sk-proj-never"on\\argv0123456789';

interface Call {
  command: string;
  args: readonly string[];
  options: RunOptions;
}

function recorder(reply: (call: Call) => RunResult = () => ({ kind: 'exited', code: 0, signal: null, stdout: '', stderr: '' })): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    run: async (command, args, options) => {
      const call = { command, args, options };
      calls.push(call);
      return reply(call);
    },
  };
}

const exited = (code: number, stdout = '', stderr = ''): RunResult => ({ kind: 'exited', code, signal: null, stdout, stderr });

describe('macOS: /usr/bin/security', () => {
  it('stores through `security -i`: the command line is on stdin, quoted for its parser; argv has no secret', async () => {
    const { run, calls } = recorder();
    await systemKeychain({}, { platform: 'darwin', run }).store('main/openai:default', 'OpenClaw main/openai:default', SECRET);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toBe('/usr/bin/security');
    expect(calls[0]!.args).toEqual(['-i']);
    expect(calls[0]!.options.input).toBe(
      '"add-generic-password" "-U" "-s" "openclaw" "-a" "main/openai:default" "-l" "OpenClaw main/openai:default" "-w" "sk-proj-never\\"on\\\\argv0123456789"\n',
    );
    expect(calls.flatMap((c) => c.args).join(' ')).not.toContain('never');
  });

  it('security_tool\'s split_line reads the quoted word back as the secret', () => {
    // The parser, as Apple's SecurityTool has it: a double-quoted word, backslash escapes the next character.
    const unquote = (word: string) => word.slice(1, -1).replace(/\\(.)/g, '$1');
    for (const secret of [SECRET, 'a b', "it's", '\\\\"', 'sk-ant-oat01-xyz']) expect(unquote(securityWord(secret))).toBe(secret);
  });

  it('looks up with find-generic-password -w, reads the secret from stdout; 44 is "no such item"', async () => {
    const { run, calls } = recorder((call) => (call.args.includes('openai:none') || call.args.includes('main/openai:none') ? exited(44) : exited(0, `${SECRET}\n`)));
    const keychain = systemKeychain({}, { platform: 'darwin', run });
    expect(await keychain.lookup('main/openai:default')).toBe(SECRET);
    expect(calls[0]!.args).toEqual(['find-generic-password', '-s', 'openclaw', '-a', 'main/openai:default', '-w']);
    expect(await keychain.lookup('main/openai:none')).toBeNull();
    expect(await keychain.remove('main/openai:none')).toBe(false);
    expect(calls.at(-1)!.args).toEqual(['delete-generic-password', '-s', 'openclaw', '-a', 'main/openai:none']);
  });

  it('refuses a secret its line parser cannot carry; a locked keychain is said so', async () => {
    const keychain = systemKeychain({}, { platform: 'darwin', run: recorder(() => exited(51, '', 'User interaction is not allowed.')).run });
    await expect(keychain.store('main/a:b', 'x', 'two\nlines')).rejects.toThrow(KeychainError);
    await expect(keychain.lookup('main/a:b')).rejects.toThrow(/locked/);
  });
});

describe('Windows: PowerShell and the Credential Manager', () => {
  const decode = (args: readonly string[]) => Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le');

  it('stores with CredWrite: the script on argv (encoded) holds no secret; the secret is on stdin', async () => {
    const { run, calls } = recorder();
    await systemKeychain({}, { platform: 'win32', run }).store('main/openai:default', 'OpenClaw main/openai:default', SECRET);
    const [call] = calls;
    expect(call!.command).toBe('powershell.exe');
    expect(call!.args.slice(0, 4)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass']);
    expect(call!.options.input).toBe(SECRET);
    const script = decode(call!.args);
    expect(script).toContain('[Console]::In.ReadToEnd()');
    expect(script).toContain('CredWrite');
    expect(script).toContain("$c.TargetName = 'openclaw:main/openai:default'");
    expect(script).toContain('$c.Persist = 2');
    expect(call!.args.join(' ') + script).not.toContain('never');
  });

  it('reads with CredRead to stdout; exit 3 is "no such item"; removes with CredDelete', async () => {
    const { run, calls } = recorder((call) => (decode(call.args).includes("'openclaw:main/x:none'") ? exited(3) : exited(0, SECRET)));
    const keychain = systemKeychain({}, { platform: 'win32', run });
    expect(await keychain.lookup('main/x:y')).toBe(SECRET);
    expect(decode(calls[0]!.args)).toContain("CredRead('openclaw:main/x:y', 1, 0, [ref]$p)");
    expect(calls[0]!.options.input).toBeUndefined();
    expect(await keychain.lookup('main/x:none')).toBeNull();
    expect(await keychain.remove('main/x:y')).toBe(true);
    expect(decode(calls.at(-1)!.args)).toContain("CredDelete('openclaw:main/x:y', 1, 0)");
  });
});

describe('Linux: secret-tool', () => {
  it('stores with the secret on stdin, the attributes on argv', async () => {
    const { run, calls } = recorder();
    await systemKeychain({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, { platform: 'linux', run }).store('main/a:b', 'OpenClaw main/a:b', SECRET);
    expect(calls[0]!.command).toBe('secret-tool');
    expect(calls[0]!.args).toEqual(['store', '--label=OpenClaw main/a:b', 'service', 'openclaw', 'account', 'main/a:b']);
    expect(calls[0]!.options.input).toBe(SECRET);
  });

  it('without a session bus it runs nothing and says so', async () => {
    const { run, calls } = recorder();
    const keychain = systemKeychain({}, { platform: 'linux', run });
    await expect(keychain.assertAvailable()).rejects.toThrow(/no D-Bus session/);
    await expect(keychain.lookup('main/a:b')).rejects.toThrow(/no D-Bus session/);
    expect(calls).toEqual([]);
  });

  it("secret-tool's failures are classified, not shown", async () => {
    const keychain = (stderr: string) => systemKeychain({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, { platform: 'linux', run: recorder(() => exited(1, '', stderr)).run });
    await expect(keychain('secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY').lookup('a')).rejects.toThrow(/no D-Bus session/);
    // The address is set: it leads nowhere, which is not "not set".
    await expect(keychain('secret-tool: Could not connect: No such file or directory').lookup('a')).rejects.toThrow(/DBUS_SESSION_BUS_ADDRESS cannot be reached/);
    await expect(keychain('The name org.freedesktop.secrets was not provided by any .service files').lookup('a')).rejects.toThrow(/no Secret Service/);
    await expect(keychain('secret-tool: Cannot create an item in a locked collection').store('a', 'l', 's')).rejects.toThrow(/locked/);
    expect(await keychain('').lookup('a')).toBeNull();
  });

  it('looks up with `lookup` (the secret on stdout, its newline dropped); removes with a lookup, then `clear`', async () => {
    const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' };
    const { run, calls } = recorder((call) => (call.args[0] === 'lookup' && call.args.includes('main/a:b') ? exited(0, `${SECRET}\n`) : exited(call.args[0] === 'lookup' ? 1 : 0)));
    const keychain = systemKeychain(bus, { platform: 'linux', run });
    expect(await keychain.lookup('main/a:b')).toBe(SECRET);
    expect(calls[0]!.args).toEqual(['lookup', 'service', 'openclaw', 'account', 'main/a:b']);
    expect(await keychain.remove('main/a:b')).toBe(true);
    expect(calls.slice(1).map((c) => c.args[0])).toEqual(['lookup', 'clear']);
    expect(calls[2]!.args).toEqual(['clear', 'service', 'openclaw', 'account', 'main/a:b']);
    expect(await keychain.remove('main/gone')).toBe(false);
  });
});

describe('the openclaw-keychain resolver: protocol v1', () => {
  const keychain = systemKeychain({}, { platform: 'darwin', run: recorder((call) => (call.args.includes('main/openai:default') ? exited(0, 'the-secret\n') : exited(44))).run });

  it('answers values and NOT_FOUND per id', async () => {
    const result = await answer(JSON.stringify({ protocolVersion: 1, provider: 'openclaw-keychain', ids: ['main/openai:default', 'main/openai:gone'] }), keychain);
    expect(result).toEqual({ answer: { protocolVersion: 1, values: { 'main/openai:default': 'the-secret' }, errors: { 'main/openai:gone': { code: 'NOT_FOUND' } } } });
  });

  it('refuses what is not a v1 request', async () => {
    expect(await answer('not json', keychain)).toHaveProperty('usage');
    expect(await answer(JSON.stringify({ protocolVersion: 2, ids: [] }), keychain)).toHaveProperty('usage');
  });
});
