/**
 * 繁體中文（台灣）介面文字。詞彙表（各畫面一致使用）：
 *   sign in 登入 · sign in again 重新登入 · agent 代理程式 · profile 設定檔 · credential 憑證
 *   credential store 憑證庫 · token 權杖 · access token 存取權杖 · refresh token 更新權杖
 *   API key API 金鑰 · provider 供應商 · order 順序 · active 使用中 · expire 到期／過期
 *   refresh 更新 · cooldown 冷卻中 · disabled 已停用 · device code 裝置代碼 · paste 貼上
 *   address (URL) 網址 · link 連結 · browser 瀏覽器 · terminal 終端機 · port 連接埠
 *   config file 組態檔 · save 儲存 · cancel 取消 · quit 結束 · back 返回 · secret 金鑰（權杖、API 金鑰等一律稱金鑰）
 *   wizard 精靈 · state directory 狀態目錄
 *   時間：「3 天 4 小時後」「2 小時前」；日期：「2027年1月15日」（數字與中文之間留半形空格，日期除外）
 * 不翻譯：指令名稱、旗標、設定檔與供應商 id、產品名稱（OpenAI Codex、ChatGPT、Claude、setup-token）、
 * 網址與 --json 輸出。散文用全形標點；指令、id、路徑、網址前後用半形。
 */
import type { Catalogue } from '../index.js';
import { cli } from './cli.js';
import { common } from './common.js';
import { holders } from './holders.js';
import { model } from './model.js';
import { probe } from './probe.js';
import { secrets } from './secrets.js';
import { signin } from './signin.js';
import { wizard } from './wizard.js';

export const zhHant: Catalogue = { ...common, ...wizard, ...signin, ...cli, ...model, ...secrets, ...probe, ...holders };
