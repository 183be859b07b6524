// The protocol between a client script and the Java test that runs it: the script prints one JSON line per step
// ({"step": name, ...what it saw}) and, at a checkpoint, waits for the test to answer "next" on standard input
// (after the test has looked at Printhub and the simulator itself). An error prints {"step":"error", ...} and
// exits 1; the whole script is bounded by LIMIT_MS.
import { createInterface } from "node:readline";

const answers = [];
const waiting = [];
createInterface({ input: process.stdin }).on("line", (line) => {
  const w = waiting.shift();
  if (w) w(line.trim()); else answers.push(line.trim());
}).on("close", () => { // the test went away: so does the client
  process.exit(4);
});

export const emit = (step, data = {}) => process.stdout.write(JSON.stringify({ step, ...data }) + "\n");

export const fail = (what, data = {}) => {
  emit("error", { what, ...data });
  process.exit(1);
};

/** Reports a step and waits for the test's "next". */
export async function checkpoint(step, data = {}) {
  emit(step, data);
  const answer = answers.length ? answers.shift() : await new Promise((r) => waiting.push(r));
  if (answer !== "next") fail(`the test answered '${answer}' at ${step}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls probe until it returns a truthy value; fails the script after ms. */
export async function until(what, ms, probe, everyMs = 100) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await sleep(everyMs);
  }
  fail(`timed out after ${ms} ms waiting for ${what}`);
}

export function env(name) {
  const v = process.env[name];
  if (!v) fail(`${name} is not set`);
  return v;
}

export function bound(limitMs) {
  setTimeout(() => fail(`the script ran longer than ${limitMs} ms`), limitMs).unref();
}
