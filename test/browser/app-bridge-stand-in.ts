import http from "node:http";

// What App Bridge does that the app relies on: the session token on every request to the app
// (Remix data requests after the first page), toasts, and the nav menu kept out of the page.
const APP_BRIDGE_STAND_IN = `
(function () {
  var token = new URLSearchParams(location.search).get("id_token");
  var appOrigin = location.origin;
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url, location.href);
    if (url.origin !== appOrigin) return originalFetch(input, init);
    var headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", "Bearer " + token);
    return originalFetch(input, Object.assign({}, init, { headers: headers }));
  };
  // Toasts are kept (window.__toasts) and shown as a status line, like the emulator's stand-in.
  window.__toasts = [];
  window.shopify = {
    idToken: function () { return Promise.resolve(token); },
    toast: {
      show: function (message, options) {
        window.__toasts.push({ message: String(message), isError: Boolean(options && options.isError) });
        var line = document.createElement("div");
        line.setAttribute("role", "status");
        line.setAttribute("data-toast", "");
        line.textContent = String(message);
        document.body.append(line);
        return "toast-" + window.__toasts.length;
      },
      hide: function () {},
    },
  };
  customElements.define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() { this.style.display = "none"; }
  });
  window.__appBridgeStandIn = document.currentScript.dataset.apiKey;
})();
`;

/** Serves the stand-in where the app's APP_BRIDGE_URL points, counting the requests for it. */
export async function serveAppBridgeStandIn(): Promise<{
  url: string;
  requests(): number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests += 1;
    response
      .writeHead(200, { "Content-Type": "text/javascript" })
      .end(APP_BRIDGE_STAND_IN);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/app-bridge.js`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser's keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
