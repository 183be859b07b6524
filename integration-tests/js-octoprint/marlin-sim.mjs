// A Marlin-speaking 3D printer on a TCP port (what ser2net or socat would put in front of a real one), for the
// OctoPrint client tests: Printhub's G-code driver connects to socket://127.0.0.1:<port>.
// Protocol as Marlin 2.1 answers it: "start" on connect; "N<n> <cmd>*<xor>" lines checked (checksum and line number,
// "Error:... Last Line: n" + "Resend: n+1" + "ok" on a bad one); M110 sets the line number; M105 answers
// "ok T:.. /.. B:.. /.. @:0 B@:0"; M155 S<s> auto-reports temperatures; M115 reports the firmware and its
// capabilities; M104/M140/M109/M190 set targets (M109/M190 wait with "echo:busy: processing" keep-alives until the
// simulated heaters reach them); every other command gets "ok" after DELAY_MS for moves (G0/G1/G2/G3).
// Environment: PORT (default 0, any), DELAY_MS (default 20), RECORD (file that gets every accepted command, without
// line number and checksum, one per line, in order), REJECT_EVERY (n: every n-th good numbered line is answered as
// if it had arrived garbled, "Error:checksum mismatch" + "Resend", as line noise does; 0, the default, never). Standard input: "delay <ms>" changes the per-move delay,
// "drop" closes the current connection (a printer that goes away), end of input stops the simulator.
// Standard output: one JSON line {"listening":port}, then {"event":...} lines.
import { createServer } from "node:net";
import { openSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";

let delayMs = Number(process.env.DELAY_MS ?? 20);
const rejectEvery = Number(process.env.REJECT_EVERY ?? 0);
let goodLines = 0;
const record = process.env.RECORD ? openSync(process.env.RECORD, "a") : null; // written synchronously: nothing lost at exit
const say = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const heaters = { T: { actual: 21, target: 0 }, B: { actual: 21, target: 0 } };
let current = null;

setInterval(() => { // heaters approach their target at 20 degrees a second
  for (const h of Object.values(heaters)) {
    const goal = h.target > 0 ? h.target : 21;
    const step = Math.sign(goal - h.actual) * Math.min(2, Math.abs(goal - h.actual));
    h.actual = Math.round((h.actual + step) * 100) / 100;
  }
}, 100).unref();

const temperatures = () => {
  const f = (n) => n.toFixed(2);
  return `T:${f(heaters.T.actual)} /${f(heaters.T.target)} B:${f(heaters.B.actual)} /${f(heaters.B.target)} @:0 B@:0`;
};
const checksum = (s) => { let c = 0; for (const b of Buffer.from(s, "latin1")) c ^= b; return c; };
const param = (cmd, letter) => {
  const m = cmd.match(new RegExp(`(?:^|\\s)${letter}(-?[0-9.]+)`, "i"));
  return m ? Number(m[1]) : undefined;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serve(socket) {
  if (current) { // a printer has one console
    socket.end("Error:busy, another host is connected\n");
    return;
  }
  current = socket;
  say({ event: "connected" });
  let lastLine = 0, autoReport = null, stats = { accepted: 0, rejected: 0 };
  const queue = [];
  let working = false, open = true;
  const send = (text) => { if (open) socket.write(text + "\n"); };
  socket.setNoDelay(true);
  send("start");
  send("echo:Marlin 2.1.2.1 (printhub simulator)");
  send("echo: Last Updated: 2023-06-01 | Author: (simulator)");
  send("echo:SD card ok");

  const rejectLine = (why) => {
    stats.rejected++;
    send(`Error:${why}, Last Line: ${lastLine}`);
    send(`Resend: ${lastLine + 1}`);
    send("ok");
    say({ event: "rejected", why, expected: lastLine + 1 });
  };

  async function execute(cmd) {
    const code = cmd.split(/\s+/)[0].toUpperCase();
    switch (code) {
      case "M105": send(`ok ${temperatures()}`); return;
      case "M115":
        send("FIRMWARE_NAME:Marlin 2.1.2.1 (printhub simulator) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin "
          + "PROTOCOL_VERSION:1.0 MACHINE_TYPE:Simulator EXTRUDER_COUNT:1");
        send("Cap:AUTOREPORT_TEMP:1");
        send("Cap:EMERGENCY_PARSER:1");
        send("ok");
        return;
      case "M155": {
        clearInterval(autoReport);
        const s = param(cmd, "S") ?? 0;
        if (s > 0) autoReport = setInterval(() => send(` ${temperatures()}`), s * 1000);
        send("ok");
        return;
      }
      case "M104": case "M140": case "M109": case "M190": {
        const h = code === "M104" || code === "M109" ? heaters.T : heaters.B;
        h.target = param(cmd, "S") ?? param(cmd, "R") ?? h.target;
        if (code === "M109" || code === "M190") {
          while (open && Math.abs(h.actual - h.target) > 0.5) {
            send(` ${temperatures()} W:?`);
            send("echo:busy: processing");
            await sleep(250);
          }
        }
        send("ok");
        return;
      }
      case "G0": case "G1": case "G2": case "G3":
        if (delayMs > 0) await sleep(delayMs);
        send("ok");
        return;
      default:
        send("ok");
    }
  }

  async function work() {
    if (working) return;
    working = true;
    while (open && queue.length) {
      const raw = queue.shift();
      let cmd = raw;
      const numbered = raw.match(/^N(\d+)\s*(.*?)\*(\d+)\s*$/);
      if (numbered) {
        const n = Number(numbered[1]);
        const body = raw.slice(0, raw.lastIndexOf("*"));
        if (checksum(body) !== Number(numbered[3])) { rejectLine("checksum mismatch"); continue; }
        cmd = numbered[2].trim();
        if (/^M110\b/i.test(cmd)) {
          lastLine = param(cmd, "N") ?? n;
        } else if (n !== lastLine + 1) {
          rejectLine("Line Number is not Last Line Number+1"); continue;
        } else if (rejectEvery > 0 && ++goodLines % rejectEvery === 0) {
          rejectLine("checksum mismatch"); continue; // line noise: the host must send this line again
        } else {
          lastLine = n;
        }
      } else if (/^N\d+/.test(raw) || raw.includes("*")) {
        rejectLine("No Checksum with line number"); continue;
      }
      if (!cmd) { send("ok"); continue; }
      stats.accepted++;
      if (record !== null) writeSync(record, cmd + "\n");
      await execute(cmd);
    }
    working = false;
  }

  createInterface({ input: socket, crlfDelay: Infinity }).on("line", (line) => {
    const text = line.replace(/\r$/, "").trim();
    if (!text) return;
    queue.push(text);
    work();
  });
  const closed = () => {
    if (!open) return;
    open = false;
    clearInterval(autoReport);
    if (current === socket) current = null;
    say({ event: "disconnected", ...stats });
  };
  socket.on("close", closed);
  socket.on("error", closed);
}

const server = createServer(serve);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => say({ listening: server.address().port }));
createInterface({ input: process.stdin }).on("line", (line) => {
  const [word, arg] = line.trim().split(/\s+/);
  if (word === "delay") { delayMs = Number(arg); say({ event: "delay", ms: delayMs }); }
  if (word === "drop" && current) current.destroy();
}).on("close", () => {
  if (current) current.destroy();
  server.close();
  process.exit(0);
});
