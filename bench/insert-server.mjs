// The HTTP baseline: the least a server can do for a webhook, a raw single-row insert of the body
// into SQLite with the app's settings (WAL, synchronous=NORMAL) per POST, on node:http with no
// framework and no verification. Started as its own process, like the app.
import http from "node:http";

import Database from "better-sqlite3";

const db = new Database(process.env.BASELINE_DATABASE);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  'CREATE TABLE IF NOT EXISTS "received" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL, "receivedAt" TEXT NOT NULL)',
);
const insert = db.prepare(
  'INSERT INTO "received" ("body", "receivedAt") VALUES (?, ?)',
);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    insert.run(
      Buffer.concat(chunks).toString("utf8"),
      new Date().toISOString(),
    );
    res.writeHead(200).end();
  });
});
server.listen(0, "127.0.0.1", () =>
  process.send?.({ port: server.address().port }),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
