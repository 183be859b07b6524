// A small third-party OctoPrint client library (npm @jamesgopsill/octoprint-client) against Printhub's OctoPrint
// surface, with the SockJS client OctoPrint's own web interface uses (npm sockjs-client) for the push socket.
// The library has no call for login or pause, so those go through its own request helper (client.post), as a user
// of the library would write them. Steps, each printed as a JSON line (see lockstep.mjs); the test answers at
// checkpoints: version -> login -> socket (connected, auth) -> printer -> upload -> select -> start ->
// [printing] -> pause -> [paused] -> resume -> [resumed] -> cancel -> [cancelled] -> print again (select+print) ->
// [completed] -> cancel when idle (409) -> delete -> done.
// Environment: OCTOPRINT (base URL), API_KEY, GCODE (file to upload), NAME (its name on the server), LIMIT_MS.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { OctoPrintClient, JobCommands } from "@jamesgopsill/octoprint-client";
import { bound, checkpoint, emit, env, fail, sleep, until } from "./lockstep.mjs";

const SockJS = createRequire(import.meta.url)("sockjs-client");
const BASE = env("OCTOPRINT").replace(/\/$/, ""), KEY = env("API_KEY"), NAME = env("NAME");
const gcode = readFileSync(env("GCODE"), "utf8");
bound(Number(process.env.LIMIT_MS ?? 150_000));
const WAIT = 30_000;

const client = new OctoPrintClient(BASE, KEY);
const call = async (what, promise, ...statuses) => {
  let r;
  try {
    r = await promise;
  } catch (e) {
    fail(`${what}: request failed`, { error: String(e), cause: String(e?.cause ?? "") });
  }
  if (!statuses.includes(r.status)) {
    let body = "";
    try { body = r.data === null ? await r.text() : JSON.stringify(r.data); } catch { /* already read */ }
    fail(`${what}: HTTP ${r.status}, expected ${statuses.join(" or ")}`, { status: r.status, body });
  }
  return r;
};

// 1. handshake and login (passive: the API key's user, and the session the socket authenticates with)
const version = await call("GET /api/version", client.version(), 200);
emit("version", { body: version.data });
const login = await call("POST /api/login passive", client.post(`${BASE}/api/login`, { passive: true }), 200);
emit("login", { name: login.data.name, hasSession: typeof login.data.session === "string", keys: Object.keys(login.data) });

// 2. the push socket, as OctoPrint's web client opens it
const socket = { messages: 0, connected: null, history: null, current: [], other: {}, closed: null, transport: null };
const sock = new SockJS(`${BASE}/sockjs`);
const opened = new Promise((resolve, reject) => {
  sock.onopen = () => { socket.transport = sock.transport; resolve(); };
  sock.onclose = (e) => { socket.closed = { code: e.code, reason: e.reason }; reject(new Error(`closed ${e.code} ${e.reason}`)); };
});
sock.onmessage = (e) => {
  socket.messages++;
  const data = e.data; // SockJS hands over each element of a[...]: OctoPrint sends objects, one key each
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    socket.other.notAnObject = (socket.other.notAnObject ?? 0) + 1;
    socket.lastOdd = data;
    return;
  }
  for (const [type, payload] of Object.entries(data)) {
    if (type === "connected") socket.connected = payload;
    else if (type === "history") socket.history = payload;
    else if (type === "current") {
      socket.current.push({
        at: Date.now(), state: payload?.state?.text, flags: payload?.state?.flags,
        completion: payload?.progress?.completion, filepos: payload?.progress?.filepos,
        file: payload?.job?.file?.name ?? null, keys: Object.keys(payload ?? {}),
        temps: Array.isArray(payload?.temps) ? payload.temps.length : null,
      });
    } else socket.other[type] = (socket.other[type] ?? 0) + 1;
  }
};
await Promise.race([opened, sleep(WAIT).then(() => fail("the SockJS socket did not open"))]).catch((e) => fail(String(e)));
await until("the 'connected' message", WAIT, () => socket.connected);
sock.send(JSON.stringify({ auth: `${login.data.name}:${login.data.session}` }));
sock.send(JSON.stringify({ throttle: 1 }));
await until("a 'history' or 'current' message after auth", WAIT, () => socket.history || socket.current.length);
emit("socket", { transport: socket.transport, connected: socket.connected, history: socket.history ? Object.keys(socket.history) : null });

const since = (i, pred) => () => socket.current.slice(i).find((c) => pred(c));

// 3. the printer and its connection
const connection = await call("GET /api/connection", client.connection(), 200);
// the printer reports its temperatures every few seconds, not at once after connecting
const printer = await until("temperatures in GET /api/printer", 15_000, async () => {
  const r = await call("GET /api/printer", client.status(), 200);
  return r.data.temperature?.tool0 ? r : null;
}, 250);
emit("printer", { connection: connection.data.current, state: printer.data.state, temperature: printer.data.temperature });

// 4. upload, list, select, start
const upload = await call("POST /api/files/local", client.uploadGcode("local", NAME, gcode), 201);
emit("upload", { body: upload.data, location: upload.headers.get("location") });
const files = await call("GET /api/files", client.files(), 200);
const listed = files.data.files.find((f) => f.name === NAME);
if (!listed) fail("the uploaded file is not listed", { files: files.data.files.map((f) => f.name) });
emit("listed", { file: listed, free: files.data.free });
await call("select", client.post(`${BASE}/api/files/local/${encodeURIComponent(NAME)}`, { command: "select" }), 204);
const selected = await call("GET /api/job", client.jobInformation(), 200);
emit("selected", { job: selected.data });
let mark = socket.current.length;
await call("start", client.jobCommand(JobCommands.START), 204);
await until("'Printing' with progress over the socket", WAIT,
  since(mark, (c) => c.state === "Printing" && c.completion > 0));
// past the start code (heating) and into the moves: at least 5 %, in rising steps
await until("progress rising over the socket past 5 %", WAIT, () => {
  const p = socket.current.slice(mark).filter((c) => c.state === "Printing" && c.completion > 0).map((c) => c.completion);
  return p.length >= 3 && p[p.length - 1] > p[0] && p[p.length - 1] >= 5;
});
const printing = (await call("GET /api/job", client.jobInformation(), 200)).data;
await checkpoint("printing", { job: printing, socket: socket.current.slice(mark) });

// 5. pause, resume
mark = socket.current.length;
await call("pause", client.post(`${BASE}/api/job`, { command: "pause", action: "pause" }), 204);
await until("'Paused' over the socket", WAIT, since(mark, (c) => c.state === "Paused"));
const pausedAt = (await call("GET /api/job", client.jobInformation(), 200)).data;
await sleep(1500); // a paused printer gets no more lines: the position stays
const stillPaused = (await call("GET /api/job", client.jobInformation(), 200)).data;
await checkpoint("paused", { first: pausedAt, later: stillPaused, socket: socket.current.slice(mark) });
mark = socket.current.length;
await call("resume", client.post(`${BASE}/api/job`, { command: "pause", action: "resume" }), 204);
await until("'Printing' again with progress beyond the pause", WAIT,
  since(mark, (c) => c.state === "Printing" && c.completion > (pausedAt.progress?.completion ?? 100)));
await checkpoint("resumed", { job: (await call("GET /api/job", client.jobInformation(), 200)).data,
  socket: socket.current.slice(mark) });

// 6. cancel
mark = socket.current.length;
await call("cancel", client.jobCommand(JobCommands.CANCEL), 204);
await until("'Operational' after the cancel", WAIT, since(mark, (c) => c.state === "Operational"));
await checkpoint("cancelled", { job: (await call("GET /api/job", client.jobInformation(), 200)).data,
  socket: socket.current.slice(mark) });

// 7. the same file again, select and print in one call, to the end
mark = socket.current.length;
await call("select and print", client.print(encodeURIComponent(NAME)), 204);
await until("'Printing' for the second print", WAIT, since(mark, (c) => c.state === "Printing"));
await until("the end of the second print", 90_000, () => {
  const after = socket.current.slice(mark);
  const printed = after.findIndex((c) => c.state === "Printing");
  return printed >= 0 && after.slice(printed).find((c) => c.state === "Operational");
});
const done = (await call("GET /api/job", client.jobInformation(), 200)).data;
await checkpoint("completed", { job: done, socket: socket.current.slice(mark) });

// 8. wrong state, then delete
const idleCancel = await client.jobCommand(JobCommands.CANCEL);
emit("cancel-idle", { status: idleCancel.status, body: await idleCancel.text().catch(() => "") });
await call("DELETE the file", client.deleteFile("local", encodeURIComponent(NAME)), 204);
const after = await call("GET /api/files", client.files(), 200);
emit("deleted", { files: after.data.files.map((f) => f.name) });
sock.close();
emit("done", { messages: socket.messages, currents: socket.current.length, other: socket.other, lastOdd: socket.lastOdd ?? null });
process.exit(0);
