import http from "node:http";

// What App Bridge does that the app relies on: the session token on every request to the app
// (Remix data requests after the first page), toasts, the contextual save bar (drawn at the top
// of the page, its buttons clicking the page's <ui-save-bar> ones), and the nav menu and save
// bar elements kept out of the page.
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
    saveBar: {
      show: function (id) {
        saveBarShown = String(id);
        if (!saveBarLine) {
          saveBarLine = document.createElement("div");
          saveBarLine.setAttribute("role", "region");
          saveBarLine.setAttribute("data-save-bar", "");
          [false, true].forEach(function (primary) {
            var button = document.createElement("button");
            button.type = "button";
            button.dataset.primary = String(primary);
            button.addEventListener("click", function () {
              var target = saveBarButton(primary);
              if (target) target.click();
            });
            saveBarLine.append(button);
          });
          document.body.prepend(saveBarLine);
        }
        saveBarLine.querySelectorAll("button").forEach(function (button) {
          var target = saveBarButton(button.dataset.primary === "true");
          button.textContent = target ? target.textContent.trim() : "";
        });
        saveBarLine.hidden = false;
        return Promise.resolve();
      },
      hide: function (id) {
        if (saveBarShown === String(id)) {
          saveBarShown = null;
          if (saveBarLine) saveBarLine.hidden = true;
        }
        return Promise.resolve();
      },
      toggle: function (id) {
        return saveBarShown === String(id) ? window.shopify.saveBar.hide(id) : window.shopify.saveBar.show(id);
      },
      // As Shopify's admin: with the bar showing, leaving asks first and resolves only on "Leave page".
      leaveConfirmation: function () {
        if (!saveBarShown) return Promise.resolve();
        return new Promise(function (resolve) {
          var dialog = document.createElement("div");
          dialog.setAttribute("role", "dialog");
          dialog.setAttribute("aria-label", "Leave page with unsaved changes?");
          dialog.setAttribute("data-leave-confirmation", "");
          var leave = document.createElement("button");
          leave.type = "button";
          leave.textContent = "Leave page";
          leave.addEventListener("click", function () {
            dialog.remove();
            window.shopify.saveBar.hide(saveBarShown).then(resolve);
          });
          var stay = document.createElement("button");
          stay.type = "button";
          stay.textContent = "Stay";
          stay.addEventListener("click", function () { dialog.remove(); });
          dialog.append("Leave page with unsaved changes?", leave, stay);
          document.body.prepend(dialog);
        });
      },
    },
  };
  var saveBarShown = null;
  var saveBarLine = null;
  function saveBarButton(primary) {
    var bar = saveBarShown ? document.getElementById(saveBarShown) : null;
    if (!bar) return null;
    return Array.prototype.slice.call(bar.querySelectorAll("button")).find(function (button) {
      return (button.getAttribute("variant") === "primary") === primary;
    }) || null;
  }
  customElements.define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() { this.style.display = "none"; }
  });
  customElements.define("ui-save-bar", class extends HTMLElement {
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
