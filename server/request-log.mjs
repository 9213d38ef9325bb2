// The request log (morgan, on unless LOG_REQUESTS=off): paths, never secrets. Query strings carry
// session tokens (id_token), app-proxy signatures, OAuth hmac/code/state, the logged-in customer's
// id: every value is replaced except the few that identify nothing secret.
const KEPT_VALUES = new Set(["shop", "locale", "embedded"]);

/**
 * "/app?id_token=eyJ…&shop=a.myshopify.com" → "/app?id_token=[redacted]&shop=a.myshopify.com"
 * @param {unknown} rawUrl
 * @returns {string}
 */
export function redactUrlForLog(rawUrl) {
  const url = String(rawUrl ?? "");
  const question = url.indexOf("?");
  if (question === -1) return url;
  const path = url.slice(0, question);
  const query = url.slice(question + 1).split("#")[0];
  if (query === "") return path;
  const parts = query.split("&").map((part) => {
    const equals = part.indexOf("=");
    const name = equals === -1 ? part : part.slice(0, equals);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, " "));
    } catch {
      // a malformed escape is logged as sent, its value still redacted
    }
    if (equals === -1) return name;
    return KEPT_VALUES.has(decoded) ? part : `${name}=[redacted]`;
  });
  return `${path}?${parts.join("&")}`;
}

/**
 * morgan's "tiny" format, with the URL redacted.
 * @param {any} morgan
 * @param {NodeJS.WritableStream} [stream]
 */
export function redactedRequestLog(morgan, stream = process.stdout) {
  morgan.token("redacted-url", (req) =>
    redactUrlForLog(req.originalUrl ?? req.url),
  );
  return morgan(
    ":method :redacted-url :status :res[content-length] - :response-time ms",
    { stream },
  );
}
