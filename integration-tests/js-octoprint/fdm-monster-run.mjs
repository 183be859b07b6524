// Drives a running FDM Monster 1.9 (see fdm-monster.cjs) through its own REST API, the way its web interface does,
// with Printhub's OctoPrint surface as the farm's printer: first-time setup (the admin user), login, add the
// printer (FDM Monster checks /api/version, then logs in passively and opens /sockjs/websocket with the session),
// upload a G-code file, print it, pause, resume, cancel, delete. What FDM Monster knows about the printer is read
// from its own cache of the printer's socket events (GET /api/printer/:id/socket): a 'current' payload pushed over
// OctoPrint's socket carries 'logs' and 'serverTime', one FDM Monster polls itself (every 10 s) carries
// 'temperature' instead, so each observation says where it came from.
// Steps print as JSON lines; the test answers at checkpoints (lockstep.mjs).
// Environment: FDMM (FDM Monster's base URL), OCTOPRINT (Printhub's OctoPrint base URL), API_KEY, GCODE, NAME,
// LIMIT_MS.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { bound, checkpoint, emit, env, fail, sleep, until } from "./lockstep.mjs";

const FDMM = env("FDMM").replace(/\/$/, ""), OCTOPRINT = env("OCTOPRINT"), KEY = env("API_KEY"), NAME = env("NAME");
const GCODE = env("GCODE");
bound(Number(process.env.LIMIT_MS ?? 150_000));
const WAIT = 40_000;
const ADMIN = { username: "farmer", password: "correct-horse-battery" };
let token = null;

async function api(method, path, { body, form, expect = [200] } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
  let r;
  try {
    r = await fetch(FDMM + path, { method, headers, body: payload, signal: AbortSignal.timeout(WAIT) });
  } catch (e) {
    fail(`${method} ${path}: request failed`, { error: String(e), cause: String(e?.cause ?? "") });
  }
  const text = await r.text();
  if (!expect.includes(r.status)) fail(`${method} ${path}: FDM Monster answered ${r.status}`, { status: r.status, body: text });
  try { return text ? JSON.parse(text) : null; } catch { return text; }
}

// 1. FDM Monster is up; first-time setup; login
await until("FDM Monster's API", 60_000, async () => {
  try { return (await fetch(`${FDMM}/api/auth/login-required`)).ok; } catch { return false; }
}, 250);
const before = await api("GET", "/api/auth/login-required");
await api("POST", "/api/first-time-setup/complete", {
  body: { loginRequired: true, registration: false, rootUsername: ADMIN.username, rootPassword: ADMIN.password } });
const tokens = await api("POST", "/api/auth/login", { body: ADMIN });
token = tokens.token;
if (!token) fail("no token from FDM Monster's login", { keys: Object.keys(tokens ?? {}) });
emit("setup", { wizardBefore: before.wizardState, loginRequired: before.loginRequired });

// 2. the printer: FDM Monster tests the connection (GET /api/version with the key) when it is created
const printer = await api("POST", "/api/printer", {
  body: { name: "Printhub Marlin", printerURL: OCTOPRINT, printerType: 0, apiKey: KEY, enabled: true } });
const id = printer.id;
const events = async () => (await api("GET", `/api/printer/${id}/socket`)) ?? {};
const source = (payload) => (payload && ("serverTime" in payload || "logs" in payload) ? "socket" : "poll");
const observe = (e) => {
  const p = e?.current?.payload;
  return { at: e?.current?.receivedAt ?? null, source: source(p), state: p?.state?.text ?? null,
    completion: p?.progress?.completion ?? null, filepos: p?.progress?.filepos ?? null,
    file: p?.job?.file?.name ?? null, keys: Object.keys(p ?? {}) };
};
const socketReady = await until("FDM Monster's socket to the printer (authenticated, 'connected' and 'current' pushed)",
  WAIT, async () => {
    const e = await events();
    return e.connected?.payload && e.WS_STATE_UPDATED?.payload === "authenticated"
      && source(e.current?.payload) === "socket" ? e : null;
  }, 250);
emit("printer", { id, printer: { name: printer.name, printerURL: printer.printerURL, enabled: printer.enabled },
  connected: socketReady.connected.payload, apiState: socketReady.API_STATE_UPDATED?.payload,
  current: observe(socketReady) });

// watch the printer's pushed state from here on
const seen = [];
let watching = true;
(async () => {
  while (watching) {
    const o = observe(await events());
    const last = seen[seen.length - 1];
    if (o.at && (!last || last.at !== o.at)) seen.push(o);
    await sleep(100);
  }
})();
const since = (i, pred) => () => seen.slice(i).find(pred);

// 3. upload (not printing yet), the file list FDM Monster loads from the printer
const form = new FormData();
form.set("startPrint", "false");
form.set("file", new Blob([readFileSync(GCODE)]), NAME);
await api("POST", `/api/printer-files/${id}/upload`, { form });
const files = await api("GET", `/api/printer-files/${id}`);
const list = Array.isArray(files) ? files : files?.files ?? [];
const listed = list.find((f) => f.path === NAME || f.name === NAME);
if (!listed) fail("FDM Monster does not list the uploaded file", { files });
emit("uploaded", { file: listed, source: basename(GCODE) });

// 4. select and print (FDM Monster's one call: select with print=true on the printer)
let mark = seen.length;
await api("POST", `/api/printer-files/${id}/select`, { body: { filePath: NAME } });
await until("'Printing' pushed", WAIT, since(mark, (o) => o.source === "socket" && o.state === "Printing"));
await until("progress rising in pushed messages past 5 %", WAIT, () => {
  const p = seen.slice(mark).filter((o) => o.source === "socket" && o.state === "Printing" && o.completion > 0);
  return p.length >= 3 && p[p.length - 1].completion > p[0].completion && p[p.length - 1].completion >= 5;
});
await checkpoint("printing", { seen: seen.slice(mark) });

// 5. pause, resume, cancel through FDM Monster
mark = seen.length;
await api("POST", `/api/printer/${id}/job/pause`);
await until("'Paused' pushed", WAIT, since(mark, (o) => o.source === "socket" && o.state === "Paused"));
await sleep(1500);
await checkpoint("paused", { seen: seen.slice(mark) });
mark = seen.length;
await api("POST", `/api/printer/${id}/job/resume`);
const paused = seen.slice(0, mark).filter((o) => o.state === "Paused").pop();
await until("'Printing' pushed after resume, progress beyond the pause", WAIT, since(mark,
  (o) => o.source === "socket" && o.state === "Printing" && o.completion > (paused?.completion ?? 100)));
await checkpoint("resumed", { seen: seen.slice(mark) });
mark = seen.length;
await api("POST", `/api/printer/${id}/job/cancel`);
await until("'Operational' pushed after cancel", WAIT, since(mark, (o) => o.source === "socket" && o.state === "Operational"));
await checkpoint("cancelled", { seen: seen.slice(mark) });

// 6. delete the file on the printer through FDM Monster
await api("DELETE", `/api/printer-files/${id}?path=${encodeURIComponent(NAME)}`);
const after = await api("GET", `/api/printer-files/${id}`);
const remaining = (Array.isArray(after) ? after : after?.files ?? []).map((f) => f.path ?? f.name);
watching = false;
emit("done", { remaining, observations: seen.length, socket: seen.filter((o) => o.source === "socket").length });
process.exit(0);
