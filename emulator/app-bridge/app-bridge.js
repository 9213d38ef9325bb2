/**
 * A local stand-in for Shopify's App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
 * served by the emulator at /app-bridge.js so the embedded admin works offline. The app loads it
 * with <script src=APP_BRIDGE_URL data-api-key=...>, like the real one.
 *
 * What it does, as App Bridge does:
 * - window.shopify: config, idToken(), toast, loading, user(), environment, scopes, saveBar
 *   (drawn at the top of the app's frame, its buttons clicking the page's <ui-save-bar> ones);
 * - scopes.request(): the emulator's merchant accepts at once (Shopify would show its grant screen);
 *   only scopes declared in shopify.app.toml can be granted, as on Shopify;
 * - fetch to the app's own origin gets `Authorization: Bearer <fresh session token>`, is retried once
 *   with a new token when the app answers X-Shopify-Retry-Invalid-Session-Request, and follows
 *   X-Shopify-API-Request-Failure-Reauthorize-Url in the top window;
 * - the session-token bounce page (`shopify-reload`) reloads with a fresh `id_token`.
 * Session tokens come from the emulator (GET /_emulator/session-token), signed with the app secret.
 */
(function () {
  "use strict";
  if (window.shopify && window.shopify.__emulator) return;

  const script = document.currentScript;
  const emulatorOrigin = script && script.src ? new URL(script.src).origin : "";
  const apiKey = (script && script.dataset.apiKey) || "";
  const params = new URLSearchParams(window.location.search);
  const STORAGE_KEY = "emulator-app-bridge";
  const originalFetch = window.fetch.bind(window);

  // Launch parameters are only on the first URL; remember them for navigations inside the iframe.
  let remembered = {};
  try {
    remembered = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "{}");
  } catch {
    remembered = {};
  }
  const shop = params.get("shop") || remembered.shop || "";
  const host = params.get("host") || remembered.host || "";
  const locale =
    params.get("locale") ||
    remembered.locale ||
    document.documentElement.lang ||
    "en";
  try {
    window.sessionStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ shop, host, locale }),
    );
  } catch {
    // Storage can be unavailable (third-party iframe restrictions); the URL still has the values.
  }

  const tokenLifetimeMs = 50_000;
  let cached = params.get("id_token")
    ? { token: params.get("id_token"), at: Date.now() }
    : null;

  async function fetchToken() {
    const url =
      emulatorOrigin +
      "/_emulator/session-token?shop=" +
      encodeURIComponent(shop);
    const response = await originalFetch(url, { credentials: "omit" });
    if (!response.ok)
      throw new Error(
        "The emulator refused a session token (" + response.status + ")",
      );
    const body = await response.json();
    cached = { token: body.token, at: Date.now() };
    return body.token;
  }

  async function idToken(options) {
    if (!options || !options.fresh) {
      if (cached && Date.now() - cached.at < tokenLifetimeMs)
        return cached.token;
    }
    return fetchToken();
  }

  function postToAdmin(message) {
    if (window.parent && window.parent !== window)
      window.parent.postMessage(message, "*");
  }

  const toasts = [];
  const toast = {
    show(message, opts) {
      const id = "toast-" + (toasts.length + 1);
      const entry = {
        id,
        message: String(message),
        isError: Boolean(opts && opts.isError),
        duration: (opts && opts.duration) || 5000,
      };
      toasts.push(entry);
      if (window.parent && window.parent !== window) {
        postToAdmin({
          type: "emulator:toast",
          message: entry.message,
          isError: entry.isError,
          duration: entry.duration,
        });
      } else {
        renderToast(entry);
      }
      return id;
    },
    hide() {},
  };

  function renderToast(entry) {
    const div = document.createElement("div");
    div.setAttribute("role", "status");
    div.textContent = entry.message;
    div.style.cssText =
      "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);padding:8px 14px;border-radius:8px;color:#fff;z-index:99999;background:" +
      (entry.isError ? "#b3261e" : "#303030");
    document.body.append(div);
    setTimeout(() => div.remove(), entry.duration);
  }

  // The contextual save bar: the admin draws it above the app, with the Save and Discard buttons
  // of the page's <ui-save-bar id=…> (the one with variant="primary" saves); clicking one clicks
  // the page's. This stand-in draws it at the top of the app's own frame.
  let saveBarShown = null;
  let saveBarLine = null;
  function saveBarButton(primary) {
    const bar = saveBarShown ? document.getElementById(saveBarShown) : null;
    if (!bar) return null;
    return (
      Array.from(bar.querySelectorAll("button")).find(
        (button) => (button.getAttribute("variant") === "primary") === primary,
      ) || null
    );
  }
  const saveBar = {
    show(id) {
      saveBarShown = String(id);
      if (!saveBarLine) {
        saveBarLine = document.createElement("div");
        saveBarLine.setAttribute("role", "region");
        saveBarLine.setAttribute("data-save-bar", "");
        saveBarLine.style.cssText =
          "position:fixed;top:0;left:0;right:0;display:flex;justify-content:flex-end;gap:8px;padding:8px 14px;background:#1a1a1a;z-index:99998";
        for (const primary of [false, true]) {
          const button = document.createElement("button");
          button.type = "button";
          button.dataset.primary = String(primary);
          button.addEventListener("click", () => {
            const target = saveBarButton(primary);
            if (target) target.click();
          });
          saveBarLine.append(button);
        }
        document.body.append(saveBarLine);
      }
      for (const button of saveBarLine.querySelectorAll("button")) {
        const target = saveBarButton(button.dataset.primary === "true");
        button.textContent = target ? target.textContent.trim() : "";
      }
      saveBarLine.style.display = "flex";
      return Promise.resolve();
    },
    hide(id) {
      if (saveBarShown === String(id)) {
        saveBarShown = null;
        if (saveBarLine) saveBarLine.style.display = "none";
      }
      return Promise.resolve();
    },
    toggle(id) {
      return saveBarShown === String(id) ? saveBar.hide(id) : saveBar.show(id);
    },
    // As Shopify's admin: with the bar showing, leaving asks first and resolves only on "Leave page"
    // ("Stay" leaves the promise pending, as App Bridge does).
    leaveConfirmation() {
      if (!saveBarShown) return Promise.resolve();
      return new Promise((resolve) => {
        const dialog = document.createElement("div");
        dialog.setAttribute("role", "dialog");
        dialog.setAttribute("aria-label", "Leave page with unsaved changes?");
        dialog.setAttribute("data-leave-confirmation", "");
        dialog.style.cssText =
          "position:fixed;top:48px;left:50%;transform:translateX(-50%);background:#fff;border:1px solid #ccc;border-radius:8px;padding:16px;z-index:99999;display:flex;gap:8px;align-items:center";
        const leave = document.createElement("button");
        leave.type = "button";
        leave.textContent = "Leave page";
        leave.addEventListener("click", () => {
          dialog.remove();
          void saveBar.hide(saveBarShown).then(resolve);
        });
        const stay = document.createElement("button");
        stay.type = "button";
        stay.textContent = "Stay";
        stay.addEventListener("click", () => dialog.remove());
        dialog.append("Leave page with unsaved changes?", leave, stay);
        document.body.append(dialog);
      });
    },
  };

  let loadingState = false;

  function isAppRequest(input) {
    const url = new URL(
      typeof input === "string" || input instanceof URL
        ? String(input)
        : input.url,
      window.location.href,
    );
    return url.origin === window.location.origin;
  }

  async function authorisedFetch(input, init, fresh) {
    const target =
      typeof input === "string" || input instanceof URL
        ? new URL(String(input), window.location.href).toString()
        : input;
    const request = new Request(target, init);
    if (!request.headers.has("Authorization")) {
      request.headers.set(
        "Authorization",
        "Bearer " + (await idToken({ fresh })),
      );
    }
    return originalFetch(request);
  }

  window.fetch = async function (input, init) {
    if (!isAppRequest(input)) return originalFetch(input, init);
    const retryable =
      !(init && init.body instanceof ReadableStream) &&
      !(input instanceof Request && input.bodyUsed);
    const clone = input instanceof Request ? input.clone() : input;
    let response = await authorisedFetch(input, init, false);
    if (
      response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1" &&
      retryable
    ) {
      response = await authorisedFetch(clone, init, true);
    }
    const reauthorizeUrl = response.headers.get(
      "X-Shopify-API-Request-Failure-Reauthorize-Url",
    );
    if (
      response.headers.get("X-Shopify-API-Request-Failure-Reauthorize") ===
        "1" &&
      reauthorizeUrl
    ) {
      postToAdmin({ type: "emulator:navigate-top", url: reauthorizeUrl });
    }
    return response;
  };

  async function scopesCall(method, body) {
    const url =
      emulatorOrigin +
      "/_emulator/scopes" +
      (method === "GET" ? "?shop=" + encodeURIComponent(shop) : "");
    const response = await originalFetch(url, {
      method,
      credentials: "omit",
      headers: body ? { "Content-Type": "application/json" } : undefined,
      body: body ? JSON.stringify({ shop, ...body }) : undefined,
    });
    if (!response.ok)
      throw new Error("The emulator refused the scopes request");
    return response.json();
  }

  // shopify.resourcePicker({type, multiple, selectionIds, query, action}): a small searchable dialog
  // over the emulator's catalogue. Resolves with the selected resources (an array that also carries
  // them as `.selection`, as App Bridge does), or undefined when cancelled.
  // https://shopify.dev/docs/api/app-home/apis/user-interface-and-interactions/resource-picker-api
  const PICKER_WORDS = {
    en: {
      product: "products",
      variant: "variants",
      collection: "collections",
      add: "Add",
      select: "Select",
      cancel: "Cancel",
      search: "Search",
      empty: "No results",
    },
    fr: {
      product: "produits",
      variant: "variantes",
      collection: "collections",
      add: "Ajouter",
      select: "Sélectionner",
      cancel: "Annuler",
      search: "Rechercher",
      empty: "Aucun résultat",
    },
  };

  async function catalogue(type, query) {
    const url =
      emulatorOrigin +
      "/_emulator/catalogue?shop=" +
      encodeURIComponent(shop) +
      "&type=" +
      (type === "collection" ? "collection" : "product") +
      "&query=" +
      encodeURIComponent(query || "");
    const response = await originalFetch(url, { credentials: "omit" });
    if (!response.ok) return [];
    const items = (await response.json()).items || [];
    if (type !== "variant") return items;
    return items.flatMap((product) =>
      product.variants.map((variant) => ({
        ...variant,
        title: variant.title,
        displayName: product.title + " - " + variant.title,
        product: { id: product.id, title: product.title },
      })),
    );
  }

  function resourcePicker(options) {
    const opts = options || {};
    const type = opts.type || "product";
    const limit =
      typeof opts.multiple === "number"
        ? opts.multiple
        : opts.multiple
          ? Infinity
          : 1;
    const words = PICKER_WORDS[String(locale).slice(0, 2)] || PICKER_WORDS.en;
    const verb = opts.action === "select" ? words.select : words.add;
    const chosen = new Map();
    for (const item of opts.selectionIds || [])
      if (item && item.id) chosen.set(item.id, { id: item.id, title: item.id });

    return new Promise((resolve) => {
      const dialog = document.createElement("dialog");
      dialog.setAttribute("data-emulator-resource-picker", type);
      dialog.style.cssText =
        "width:min(480px,90vw);border:0;border-radius:12px;padding:16px;font:14px system-ui,sans-serif;box-shadow:0 8px 32px rgba(0,0,0,.3)";
      const heading = document.createElement("h2");
      heading.textContent = verb + " " + words[type];
      heading.style.cssText = "margin:0 0 12px;font-size:16px";
      const search = document.createElement("input");
      search.type = "search";
      search.setAttribute("aria-label", words.search + " " + words[type]);
      search.placeholder = words.search;
      search.value = opts.query || "";
      search.style.cssText =
        "width:100%;box-sizing:border-box;padding:6px 8px;margin-bottom:8px";
      const list = document.createElement("ul");
      list.setAttribute("role", "list");
      list.style.cssText =
        "list-style:none;margin:0;padding:0;max-height:50vh;overflow:auto";
      const actions = document.createElement("div");
      actions.style.cssText =
        "display:flex;justify-content:flex-end;gap:8px;margin-top:12px";
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.textContent = words.cancel;
      const confirm = document.createElement("button");
      confirm.type = "button";
      confirm.textContent = verb;
      actions.append(cancel, confirm);
      dialog.append(heading, search, list, actions);
      document.body.append(dialog);

      let settled = false;
      function finish(value) {
        if (settled) return;
        settled = true;
        dialog.close();
        dialog.remove();
        resolve(value);
      }

      let shown = [];
      function render() {
        list.replaceChildren();
        if (shown.length === 0) {
          const empty = document.createElement("li");
          empty.textContent = words.empty;
          list.append(empty);
        }
        for (const item of shown) {
          const row = document.createElement("li");
          const label = document.createElement("label");
          label.style.cssText =
            "display:flex;gap:8px;padding:6px 0;cursor:pointer";
          const box = document.createElement("input");
          box.type = limit === 1 ? "radio" : "checkbox";
          box.name = "emulator-resource-picker";
          box.checked = chosen.has(item.id);
          box.addEventListener("change", () => {
            if (limit === 1) chosen.clear();
            if (box.checked) {
              if (chosen.size >= limit) {
                box.checked = false;
                return;
              }
              chosen.set(item.id, item);
            } else chosen.delete(item.id);
          });
          const text = document.createElement("span");
          text.textContent = item.displayName || item.title;
          label.append(box, text);
          row.append(label);
          list.append(row);
        }
      }

      let pending = 0;
      async function load() {
        const ticket = ++pending;
        const items = await catalogue(type, search.value).catch(() => []);
        if (ticket !== pending) return;
        shown = items;
        // Preselected ids get their full resource once it is on screen.
        for (const item of items)
          if (chosen.has(item.id)) chosen.set(item.id, item);
        render();
      }
      let timer = null;
      search.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(load, 150);
      });
      cancel.addEventListener("click", () => finish(undefined));
      dialog.addEventListener("cancel", (event) => {
        event.preventDefault();
        finish(undefined);
      });
      confirm.addEventListener("click", () => {
        const selection = [...chosen.values()];
        const payload = selection.slice();
        payload.selection = selection;
        finish(payload);
      });
      dialog.showModal();
      load();
    });
  }

  window.shopify = {
    __emulator: true,
    config: {
      apiKey,
      shop,
      host,
      locale,
      appOrigins: [window.location.origin],
    },
    environment: {
      embedded: window.parent !== window,
      mobile: false,
      pos: false,
    },
    origin: emulatorOrigin,
    idToken,
    toast,
    toasts,
    loading(isLoading) {
      loadingState = isLoading === undefined ? true : Boolean(isLoading);
      return loadingState;
    },
    user: async () => ({
      id: 1,
      name: "Store Owner",
      accountAccessLevel: "owner",
    }),
    modal: { show() {}, hide() {}, toggle() {} },
    saveBar,
    resourcePicker,
    intents: { invoke: async () => ({ code: "closed" }) },
    scopes: {
      query: () => scopesCall("GET"),
      request: async (scopes) => ({
        result: "granted-all",
        detail: await scopesCall("POST", { grant: scopes }),
      }),
      revoke: async (scopes) => ({
        detail: await scopesCall("POST", { revoke: scopes }),
      }),
    },
    scanner: { capture: async () => null },
  };

  // The session-token bounce page: App Bridge reloads the requested URL with a fresh id_token.
  const reload = params.get("shopify-reload");
  if (reload) {
    fetchToken().then((token) => {
      const target = new URL(reload, window.location.href);
      target.searchParams.set("id_token", token);
      window.location.replace(target.toString());
    });
  }

  // <ui-nav-menu> and <ui-title-bar> live in the admin chrome, not in the app: send them up, and
  // keep them out of the app's own page as the real App Bridge does.
  const chromeParent = document.head || document.documentElement;
  if (typeof document.createElement === "function" && chromeParent) {
    const chromeStyle = document.createElement("style");
    chromeStyle.textContent =
      "ui-nav-menu, ui-title-bar, ui-save-bar { display: none !important; }";
    chromeParent.appendChild(chromeStyle);
  }
  let published = "";
  function publishChrome() {
    const messages = [];
    const nav = document.querySelector("ui-nav-menu");
    if (nav) {
      const links = Array.from(nav.querySelectorAll("a"))
        .filter((a) => a.getAttribute("rel") !== "home")
        .map((a) => ({
          label: a.textContent.trim(),
          href: a.getAttribute("href"),
        }));
      const home = nav.querySelector('a[rel="home"]');
      if (home)
        links.unshift({
          label: home.textContent.trim(),
          href: home.getAttribute("href"),
        });
      messages.push({ type: "emulator:nav", links });
    }
    const title = document.querySelector("ui-title-bar");
    if (title && title.getAttribute("title"))
      messages.push({
        type: "emulator:title",
        title: title.getAttribute("title"),
      });
    const snapshot = JSON.stringify(messages);
    if (snapshot === published) return;
    published = snapshot;
    messages.forEach(postToAdmin);
  }
  let scheduled = null;
  function schedulePublish() {
    if (scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = null;
      publishChrome();
    }, 100);
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", publishChrome);
  else publishChrome();
  new MutationObserver(schedulePublish).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["title"],
  });
})();
