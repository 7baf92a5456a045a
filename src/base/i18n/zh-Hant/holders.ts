import type { holders as en } from '../en/holders.js';

export const holders: Record<keyof typeof en, string> = {
  'link.nowhere': '連結 {id} 既未指向代理程式，也未指向檔案',
  'tools.missing': '{tool}：找不到 {file}。請先用該工具登入。',
  'tools.foreign': '{tool}：{file} 屬於其他使用者，不會讀取。',
  'tools.malformed': '{tool}：{file} 沒有可用的登入資料（不是該工具寫入的 JSON）。檔案保持原樣。',
  'tools.not-chatgpt': '{tool}：{file} 存的是 API 金鑰，不是 ChatGPT 登入。請執行 `codex login` 以 ChatGPT 登入，或在這裡登入。',
  'tools.claudeExpired': '{id}：{file} 中的 Claude Code 登入已過期。請執行一次 `claude`（它會更新登入），或改用 setup-token：{command}',
  'agents.linkedOne': '已與 {from} 以參照方式共用 1 個登入（在該處更新，不會複製）：{ids}',
  'agents.linked': '已與 {from} 以參照方式共用 {n} 個登入（在該處更新，不會複製）：{ids}',
  'holder.inherited': '繼承自代理程式 {owner}',
  'holder.codex-cli': '與 Codex CLI 共用',
  'holder.claude-cli': '讀自 Claude Code',
  'holder.unresolved': '{id} 連結到 {owner}，但該處目前沒有可用的登入。請在此代理程式登入：{command}',
  'holder.twice': '警告：代理程式 {agent} 與代理程式 {other} 持有同一個 {id} 授權（其中一個將被登出）；請執行 openclaw doctor --fix',
  'logout.unlinked': '已從代理程式 {agent} 移除連結 {ids}；登入仍保留在 {owner}。',
} as const;
