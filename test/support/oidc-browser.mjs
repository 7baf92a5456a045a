// Plays the user's browser against oidc-issuer.mjs: follows redirects with the issuer's cookies, submits
// the forms it is shown as they come (the form_post page, the device code confirmation), and hands the
// final redirect to a loopback callback (another origin) to that callback. Types in oidc-browser.d.mts.

const decode = (text) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attr = (tag, name) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};

/** The first form of a page that posts, with its inputs; null when there is none. */
function postForm(html) {
  const form = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(html);
  if (!form) return null;
  const open = /<form\b[^>]*>/i.exec(form[0])[0];
  if ((attr(open, "method") ?? "get").toLowerCase() !== "post") return null;
  const fields = new URLSearchParams();
  for (const input of form[0].match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, "name");
    const value = attr(input, "value");
    if (name && value !== undefined) fields.append(name, value);
  }
  return { action: attr(open, "action") ?? "", fields };
}

/**
 * Opens `url` (on the issuer at `origin`) and goes wherever it leads. Returns the last response: the
 * loopback callback's, or the issuer's final page (the device flow's "you may close this window").
 * @param {string} url
 * @param {string} origin
 */
export async function browse(url, origin) {
  const jar = new Map();
  let next = { url: new URL(url, origin), method: "GET", body: undefined };
  for (let step = 0; step < 30; step++) {
    if (next.url.origin !== origin) return fetch(next.url, { redirect: "manual" });
    const headers = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") };
    if (next.body) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(next.url, { method: next.method, headers, body: next.body, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      next = { url: new URL(location, next.url), method: "GET", body: undefined };
      continue;
    }
    const html = await res.text();
    const form = res.status === 200 ? postForm(html) : null;
    if (!form) return new Response(html, { status: res.status });
    next = { url: new URL(form.action, next.url), method: "POST", body: form.fields.toString() };
  }
  throw new Error("too many steps");
}
