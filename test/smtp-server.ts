import { type AddressInfo } from "node:net";

import nodemailer, { type Transporter } from "nodemailer";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on a free local port for tests: it keeps every message it accepts, and can
 * refuse recipients (550) or the next messages (451) on demand.
 */

export interface ReceivedEmail {
  to: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedEmail[];
  /** Recipients answered "550 no such user" at RCPT. */
  rejectRecipients: Set<string>;
  /** The next this-many messages are refused with "451 try again later". */
  failNext: number;
  transport(): Transporter;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function parsePart(part: string) {
  const split = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = part.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line
        .slice(colon + 1)
        .trim();
  }
  const encoding = headers["content-transfer-encoding"]?.toLowerCase();
  const decoded =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return { headers, body: decoded };
}

/** Decodes a `=?UTF-8?Q?...?=` or `=?UTF-8?B?...?=` header. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(
      /=\?utf-8\?([bq])\?([^?]*)\?=/gi,
      (_, kind: string, text: string) =>
        kind.toLowerCase() === "b"
          ? Buffer.from(text, "base64").toString("utf8")
          : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function parseEmail(raw: string, to: string[]): ReceivedEmail {
  const top = parsePart(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(
    top.headers["content-type"] ?? "",
  )?.[1];
  let text = "";
  let html = "";
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const piece of parts) {
    const part = parsePart(piece.replace(/^\r?\n/, ""));
    const type = part.headers["content-type"] ?? "";
    if (type.startsWith("text/plain")) text = part.body;
    if (type.startsWith("text/html")) html = part.body;
  }
  const headers = Object.fromEntries(
    Object.entries(top.headers).map(([key, value]) => [
      key,
      decodeHeader(value),
    ]),
  );
  return { to, raw, headers, text, html };
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: "",
    received: [],
    rejectRecipients: new Set(),
    failNext: 0,
    transport: () =>
      nodemailer.createTransport({
        host: "127.0.0.1",
        port: (server.server.address() as AddressInfo).port,
        secure: false,
        ignoreTLS: true,
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.rejectRecipients.has(address.address)) {
        const error = new Error("No such user") as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (state.failNext > 0) {
          state.failNext -= 1;
          const error = new Error("Try again later") as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          return callback(error);
        }
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        state.received.push(
          parseEmail(Buffer.concat(chunks).toString("utf8"), to),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
