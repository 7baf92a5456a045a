import { option } from '../shared/commander.js';
import type { Finding } from '../../auth/doctor/run.js';
import { EXIT } from '../../base/errors.js';
import { t, useLang } from '../../base/i18n/index.js';
import { colorEnabled, paint } from '../../base/terminal.js';
import { defineCommand } from '../command.js';
import { print, printJson } from '../context.js';
import { flag, type JsonFlag } from '../shared/flags.js';

interface DoctorOptions extends JsonFlag {
  fix?: boolean;
}

/**
 * SPEC 11: every agent of the state dir checked; exit 0 clean, 1 problems found (after --fix: 1 while any
 * is left that needs the user).
 */
export const doctorCommand = defineCommand<DoctorOptions>({
  path: 'doctor',
  about: () => t('help.doctor'),
  // Every agent is checked: an `--agent` would be ignored, so there is none.
  agentFlag: false,
  flags: () => [option('--fix', t('help.doctor.fix')), flag.json()],
  async run(ctx, options) {
    const fix = options.fix === true;
    // SPEC 9: --json is never translated.
    const restore = options.json ? await useLang('en') : () => undefined;
    let found: Finding[];
    try {
      // Loaded when doctor runs: `--help` lists doctor, and its checks' modules were a part of the help's start-up.
      const { runDoctor } = await import('../../auth/doctor/run.js');
      found = await runDoctor(ctx.env, { fix, now: ctx.now });
    } finally {
      restore();
    }
    // A notice (a hidden plugin file passed over) is told, and is no problem.
    const notices = found.filter((f) => f.notice);
    found = found.filter((f) => !f.notice);
    const left = found.filter((f) => !f.fixed);
    const code = left.length === 0 ? EXIT.ok : EXIT.failed;
    if (options.json) {
      printJson(ctx, { ok: code === EXIT.ok, problems: found, ...(notices.length ? { notices: notices.map(({ check, message }) => ({ check, message })) } : {}) });
      return code;
    }
    const c = paint(colorEnabled(ctx.env, ctx.stdout));
    for (const f of notices) print(ctx, `${c.muted('·')} ${f.message}`);
    for (const f of found) {
      print(ctx, `${f.fixed ? c.ok('✓') : c.error('✗')} ${f.agent === null ? '' : `${t('doctor.agent', { agent: f.agent })} `}${f.message}`);
      if (f.done) print(ctx, `    ${c.muted(f.done)}`);
    }
    if (found.length === 0) print(ctx, t('doctor.clean'));
    else if (fix) print(ctx, t('doctor.fixed', { n: found.length - left.length, m: found.length }));
    else print(ctx, found.some((f) => f.fixable) ? t('doctor.found', { n: found.length }) : t('doctor.foundNoFix', { n: found.length }));
    return code;
  },
});
