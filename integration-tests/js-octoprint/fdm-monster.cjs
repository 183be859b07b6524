// Runs FDM Monster (npm @fdm-monster/server) with every file it writes under FDMM_HOME instead of its own package
// directory: it keeps its SQLite database, logs, uploads and client bundle beside "superRootPath()", which is the
// package root in node_modules. The one function is replaced before the server loads; nothing else is changed.
// Environment: FDMM_HOME (a fresh directory), SERVER_PORT, and FDM Monster's own variables (see OctoPrintClientsIT).
"use strict";
const { copyFileSync, existsSync, mkdirSync, symlinkSync } = require("node:fs");
const { dirname, join } = require("node:path");

const home = process.env.FDMM_HOME;
if (!home) {
  console.error("FDMM_HOME is not set");
  process.exit(2);
}
const root = dirname(require.resolve("@fdm-monster/server/package.json"));
mkdirSync(home, { recursive: true });
copyFileSync(join(root, "package.json"), join(home, "package.json")); // it reads its version from there
// The web interface it serves is the @fdm-monster/client package it depends on; put where it looks, so that it does
// not download one from GitHub at start.
const client = dirname(require.resolve("@fdm-monster/client/package.json", { paths: [root] }));
mkdirSync(join(home, "media/client-dist"), { recursive: true });
copyFileSync(join(client, "package.json"), join(home, "media/client-dist/package.json"));
if (!existsSync(join(home, "media/client-dist/dist"))) symlinkSync(join(client, "dist"), join(home, "media/client-dist/dist"));
const fsUtilsPath = join(root, "dist/utils/fs.utils.js");
const fsUtils = require(fsUtilsPath);
require.cache[fsUtilsPath].exports = { ...fsUtils, superRootPath: () => home };
// It listens on SERVER_PORT on every interface; a test's farm manager listens on loopback only, and says where (with
// SERVER_PORT=0 it gets any free port and its own log line would say 0).
const http = require("node:http");
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, host, ...rest) {
  if (host === "0.0.0.0") host = "127.0.0.1";
  this.once("listening", () => process.stdout.write(JSON.stringify({ listening: this.address().port }) + "\n"));
  return listen.call(this, port, host, ...rest);
};
// The parent test ends this process; if the parent dies first, stdin closes and the server goes with it.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
require(join(root, "dist/index.js"));
