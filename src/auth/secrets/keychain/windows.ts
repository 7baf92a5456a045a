import { t } from '../../../base/i18n/index.js';
import { EXEC_ID_PATTERN } from '../../../model/secret-ref.js';
import type { RunResult } from '../run.js';
import { itemAnswer, KEYCHAIN_MAX_OUTPUT, KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeychainError, toolEnv, type Keychain, type KeychainDeps } from './keychain.js';

export const POWERSHELL = 'powershell.exe';
/** Exit codes of the scripts below. */
const NOT_FOUND = 3;
const WRITE_FAILED = 2;

/**
 * Windows: the Credential Manager (generic credentials, persisted for the user on this machine) through
 * the Win32 Cred* functions, called from Windows PowerShell, which every Windows has. The script goes on
 * the command line (-EncodedCommand) and holds no secret; the secret goes on stdin and comes back on stdout.
 */
const CRED_API = `
Add-Type -TypeDefinition @"
using System;
using System.Runtime.InteropServices;
public static class OpenClawCred {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public struct CREDENTIAL {
    public int Flags; public int Type; public string TargetName; public string Comment;
    public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
    public int CredentialBlobSize; public IntPtr CredentialBlob; public int Persist;
    public int AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName;
  }
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  public static extern bool CredWrite(ref CREDENTIAL credential, int flags);
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  public static extern bool CredRead(string target, int type, int flags, out IntPtr credential);
  [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
  public static extern bool CredDelete(string target, int type, int flags);
  [DllImport("advapi32.dll")]
  public static extern void CredFree(IntPtr buffer);
}
"@
[Console]::InputEncoding = New-Object System.Text.UTF8Encoding $false
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
$Marshal = [System.Runtime.InteropServices.Marshal]
`;

/** Ids are of OpenClaw's exec grammar (no quote can occur): safe inside a single-quoted PowerShell string. */
function quoted(text: string): string {
  if (!EXEC_ID_PATTERN.test(text) && !/^[A-Za-z0-9 ._:/#-]+$/.test(text)) throw new KeychainError(t('keychain.refused', { why: 'id' }), 'refused');
  return `'${text}'`;
}

export function targetOf(id: string): string {
  return `${KEYCHAIN_SERVICE}:${id}`;
}

export function storeScript(id: string, label: string): string {
  return `${CRED_API}
$secret = [Console]::In.ReadToEnd()
$bytes = [System.Text.Encoding]::Unicode.GetBytes($secret)
$blob = $Marshal::AllocHGlobal($bytes.Length)
$Marshal::Copy($bytes, 0, $blob, $bytes.Length)
$c = New-Object OpenClawCred+CREDENTIAL
$c.Type = 1
$c.TargetName = ${quoted(targetOf(id))}
$c.UserName = ${quoted(id)}
$c.Comment = ${quoted(label)}
$c.CredentialBlobSize = $bytes.Length
$c.CredentialBlob = $blob
$c.Persist = 2
$ok = [OpenClawCred]::CredWrite([ref]$c, 0)
$Marshal::FreeHGlobal($blob)
if (-not $ok) { exit ${WRITE_FAILED} }
exit 0
`;
}

export function lookupScript(id: string): string {
  return `${CRED_API}
$p = [IntPtr]::Zero
if (-not [OpenClawCred]::CredRead(${quoted(targetOf(id))}, 1, 0, [ref]$p)) { exit ${NOT_FOUND} }
$c = $Marshal::PtrToStructure($p, [type][OpenClawCred+CREDENTIAL])
$s = $Marshal::PtrToStringUni($c.CredentialBlob, $c.CredentialBlobSize / 2)
[OpenClawCred]::CredFree($p)
[Console]::Out.Write($s)
exit 0
`;
}

export function removeScript(id: string): string {
  return `${CRED_API}
if (-not [OpenClawCred]::CredDelete(${quoted(targetOf(id))}, 1, 0)) { exit ${NOT_FOUND} }
exit 0
`;
}

/** PowerShell's -EncodedCommand: the script as base64 of UTF-16LE. */
export function encodedCommand(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

export function windowsKeychain(deps: KeychainDeps): Keychain {
  const run = (script: string, input?: string) =>
    deps.run(POWERSHELL, encodedCommand(script), { env: toolEnv(deps.env), timeoutMs: KEYCHAIN_TIMEOUT_MS, maxOutputBytes: KEYCHAIN_MAX_OUTPUT, keepStderr: true, ...(input === undefined ? {} : { input }) });
  return {
    name: 'Windows Credential Manager',
    async assertAvailable() {
      // The Credential Manager is part of every Windows user session.
    },
    async store(id, label, secret) {
      const result = await run(storeScript(id, label), secret);
      if (result.kind !== 'exited' || result.code !== 0) throw failure(result);
    },
    async lookup(id) {
      return itemAnswer(await run(lookupScript(id)), { notFound: NOT_FOUND, failure });
    },
    async remove(id) {
      return itemAnswer(await run(removeScript(id)), { notFound: NOT_FOUND, failure }) !== null;
    },
  };
}

function failure(result: RunResult): KeychainError {
  if (result.kind === 'spawn-failed') return new KeychainError(t('keychain.refused', { why: `powershell ${result.code}` }), 'no-tool');
  if (result.kind === 'timeout') return new KeychainError(t('keychain.timeout'), 'timeout');
  if (result.kind === 'too-much') return new KeychainError(t('keychain.refused', { why: 'output' }), 'refused');
  return new KeychainError(t('keychain.refused', { why: `powershell exit ${result.code ?? result.signal ?? '?'}` }), 'refused');
}
