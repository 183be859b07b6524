// MeadCo's own ScriptX.Services client (npm scriptxprint-html) in Debian's headless Chromium, driven by
// playwright-core, against a running Printhub. The page comes from another origin than the API.
// Environment: PAGE_URL (the test page, which loads the client), SCRIPTX_API (the server root),
// LICENCE (the licence GUID), SITE (where fetchable documents live), OUT (a directory for downloads),
// STEPS ("all": licence, connect, every print; "cancel": a job queued on the paused printer, cancelled).
// Prints one JSON line with what happened; exits 0 when every step ran (the Java test checks the details).
import { chromium } from "playwright-core";
import { join } from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const PAGE_URL = env("PAGE_URL"), API = env("SCRIPTX_API"), LICENCE = env("LICENCE"), SITE = env("SITE"), OUT = env("OUT");
const STEP_MS = 60_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const result = { steps: {}, downloads: [], dialogs: [], console: [] };
const hardStop = setTimeout(() => { console.log(JSON.stringify({ ...result, error: "overall timeout" })); process.exit(3); }, 10 * STEP_MS);
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on("dialog", (d) => { result.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on("console", (m) => { if (m.type() === "error") result.console.push(m.text()); });
  const tokens = [];
  page.on("response", async (r) => {
    if (/\/print$/i.test(new URL(r.url()).pathname) && r.request().method() === "POST") {
      try { tokens.push((await r.json()).jobIdentifier); } catch { /* a preflight or an error */ }
    }
  });
  await page.goto(PAGE_URL);

  const run = (name, fn, arg) => page.evaluate(fn, arg).then((v) => { result.steps[name] = v; return v; });
  const saveDownload = async (trigger) => {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: STEP_MS }), trigger()]);
    const file = join(OUT, `${result.downloads.length + 1}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    result.downloads.push(file);
    return file;
  };

  const all = (process.env.STEPS || "all") === "all";
  if (all) {
  // 1. licensing (unauthenticated ping and apply, then the licence itself), and connecting
  await run("licence", ({ api, guid }) => new Promise((resolve) => {
    const fail = (e) => resolve({ error: String(e) });
    MeadCo.ScriptX.Print.Licensing.connect(api, guid);
    MeadCo.ScriptX.Print.Licensing.applyAsync(guid, 1, "warehouse", (applied) =>
      MeadCo.ScriptX.Print.Licensing.GetLicenseAsync((licence) =>
        resolve({ applied: applied.guid, company: licence.company }), fail), fail);
  }), { api: API, guid: LICENCE }).catch((e) => (result.steps.licence = { error: String(e) }));
  await run("connect", ({ api, guid }) => new Promise((resolve) => {
    MeadCo.ScriptX.Print.HTML.connectAsync(api, guid, (device) => resolve({ printer: device.printerName,
      printers: MeadCo.ScriptX.Print.availablePrinterNames }), (e) => resolve({ error: String(e) }));
  }), { api: API, guid: LICENCE });

  // 2. print to the device, each HTML content type, following status to the end
  const printToDevice = ({ type, content, settings }) => new Promise((resolve) => {
    const progress = [];
    MeadCo.ScriptX.Print.deviceSettingsForAsync("demo", () => {
      MeadCo.ScriptX.Print.printerName = "demo";
      MeadCo.ScriptX.Print.printHtml(MeadCo.ScriptX.Print.ContentType[type], content, settings || {},
        (err) => resolve({ err, progress }), (status) => progress.push(status));
    }, (e) => resolve({ err: String(e), progress }));
  });
  await run("htmlUrl", printToDevice, { type: "URL", content: `${SITE}/page.html` });
  await run("htmlWhole", printToDevice, { type: "HTML", content: "<!DOCTYPE html><html><body><h1>Whole document</h1></body></html>" });
  await run("htmlInner", printToDevice, { type: "INNERHTML", content: "<head><title>x</title></head><body><p>Inner part</p></body>" });

  // 3. print to file: the client downloads the PDF itself (window.open on download/{token})
  const toFile = await saveDownload(() => page.evaluate(({ site }) => {
    MeadCo.ScriptX.Print.requestHtmlPreview(MeadCo.ScriptX.Print.ContentType.HTML,
      "<html><head><title>Client file</title></head><body><p>Printed to file by the MeadCo client</p>"
      + "<p style='page-break-before:always'>second</p></body></html>",
      { header: "&w&bPage &p of &P", footer: "", jobTitle: "Client file", page: { units: 2, margins: { top: "15", bottom: "15", left: "10", right: "10" } } },
      (err) => { window.__fileDone = err; }, (url) => { window.open(url, "_self"); });
  }, { site: SITE }));
  result.steps.toFile = { file: toFile };

  // 4. a PDF by URL to the device, and a direct string
  await run("pdf", ({ site }) => new Promise((resolve) => {
    const progress = [];
    MeadCo.ScriptX.Print.printerName = "demo";
    MeadCo.ScriptX.Print.printPdf(`${site}/doc.pdf`, { jobDescription: "client pdf", pageRange: "1-2" },
      (err) => resolve({ err, progress }), (status) => progress.push(status));
  }), { site: SITE });
  await run("direct", () => new Promise((resolve) => {
    MeadCo.ScriptX.Print.printerName = "demo";
    MeadCo.ScriptX.Print.printDirect(MeadCo.ScriptX.Print.ContentType.STRING, "^XA^FO50,50^FDHello^FS^XZ",
      (err) => resolve({ err }));
  }));

  }
  // 5. cancel a queued job (the printer is paused by the Java test first): the page calls canceljob as the
  //    reference's own example calls the API, with the token the print answer gave
  if (!all) {
    await run("connect", ({ api, guid }) => new Promise((resolve) => {
      MeadCo.ScriptX.Print.HTML.connectAsync(api, guid, (device) => resolve({ printer: device.printerName }),
        (e) => resolve({ error: String(e) }));
    }), { api: API, guid: LICENCE });
    tokens.length = 0;
    const done = run("queuedThenCancelled", () => new Promise((resolve) => {
      const progress = [];
      MeadCo.ScriptX.Print.printerName = "demo";
      MeadCo.ScriptX.Print.printHtml(MeadCo.ScriptX.Print.ContentType.HTML, "<p>never printed</p>", {},
        (err) => resolve({ err, progress }), (status) => progress.push(status));
    }));
    const deadline = Date.now() + STEP_MS;
    while (tokens.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500)); // queued on the paused printer
    result.steps.cancel = await page.evaluate(async ({ api, guid, token }) => {
      const r = await fetch(`${api}/api/v1/printHtml/canceljob/${token}`, { method: "PUT",
        headers: { Authorization: "Basic " + btoa(guid + ":"), "X-Meadroid-Path": location.href } });
      return { http: r.status, body: await r.json() };
    }, { api: API, guid: LICENCE, token: tokens[0] });
    await done;
  }
  console.log(JSON.stringify(result));
} catch (e) {
  console.log(JSON.stringify({ ...result, error: String(e && e.stack || e) }));
  process.exitCode = 2;
} finally {
  clearTimeout(hardStop);
  await browser.close();
}
