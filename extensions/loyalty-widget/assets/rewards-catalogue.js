/*
 * Rewards catalogue block. Fetches /apps/loyalty/api/rewards only when the block scrolls into view
 * (IntersectionObserver) or the shopper reaches it, then renders the rewards as cards; a signed-in
 * member redeems in place and gets the code with a copy button. No text lives here: every string
 * arrives translated in the block's JSON config (../README.md).
 */
(() => {
  "use strict";
  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  const decode = (s) =>
    String(s).replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ENTITIES[e]);
  const ICON =
    "M20 7h-2.2A3 3 0 0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1h1v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8h1a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1Zm-5-1.5a1.5 1.5 0 0 1 0 3h-2v-1A2 2 0 0 1 15 5.5ZM9 5.5a2 2 0 0 1 2 2v1H9a1.5 1.5 0 0 1 0-3ZM5 9h6v1H5Zm2 3h4v7H7Zm6 7v-7h4v7Zm6-9h-6V9h6Z";

  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    el.append(
      ...kids.flat().filter((k) => k != null && k !== false && k !== ""),
    );
    return el;
  }

  /** The points icon, where a reward has no image or its image fails. */
  function icon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICON);
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return h("span", { class: "lwc-card__icon" }, svg);
  }

  function init(root) {
    const config = JSON.parse(
      root.querySelector("[data-lwc-config]").textContent,
    );
    const strings = {};
    for (const key in config.t) strings[key] = decode(config.t[key]);
    const t = (key, vars = {}) =>
      (strings[key] || "").replace(/\[(\w+)\]/g, (m, n) =>
        n in vars ? vars[n] : m,
      );
    const locale = config.locale;
    const numbers = new Intl.NumberFormat(locale);
    const plurals = new Intl.PluralRules(locale);
    const pts = (n) =>
      t(
        strings["points_" + plurals.select(n)]
          ? "points_" + plurals.select(n)
          : "points_other",
        {
          count: numbers.format(n),
        },
      );
    const list = root.querySelector("[data-lwc-list]");
    const msg = root.querySelector("[data-lwc-msg]");
    const say = (text, error) => {
      msg.classList.toggle("lwc__msg--error", !!error);
      msg.textContent = text || "";
    };
    // One key per reward until the app answers definitively: a retry never redeems twice.
    const keys = {};
    let loading = null;
    let busy = false;

    async function api(path, init) {
      try {
        const res = await fetch(
          config.proxy +
            path +
            (path.includes("?") ? "&" : "?") +
            "locale=" +
            encodeURIComponent(locale),
          {
            credentials: "same-origin",
            cache: "no-store",
            headers: {
              Accept: "application/json",
              ...(init ? { "Content-Type": "application/json" } : {}),
            },
            ...init,
          },
        );
        return { status: res.status, body: await res.json().catch(() => null) };
      } catch {
        return { status: 0, body: null };
      }
    }

    async function load() {
      list.replaceChildren(h("li", { class: "lwc__muted" }, t("loading")));
      const res = await api(
        "/api/rewards" + (config.locked === "show" ? "?locked=1" : ""),
      );
      list.setAttribute("aria-busy", "false");
      if (res.status !== 200 || !res.body) {
        loading = null;
        list.replaceChildren(
          h(
            "li",
            {},
            t("load_failed"),
            " ",
            h(
              "button",
              {
                type: "button",
                class: "lwc-btn lwc-btn--ghost",
                onclick: start,
              },
              t("retry"),
            ),
          ),
        );
        return;
      }
      const rewards = res.body.rewards || [];
      list.replaceChildren(
        ...(rewards.length
          ? rewards.map(card)
          : [h("li", { class: "lwc__muted" }, t("empty"))]),
      );
    }

    function start() {
      return (loading = loading || load());
    }

    function card(reward) {
      const image = reward.imageUrl
        ? h("img", {
            class: "lwc-card__image",
            src: reward.imageUrl,
            alt: "",
            loading: "lazy",
            width: 320,
            height: 240,
            onerror: (e) => e.target.replaceWith(icon()),
          })
        : icon();
      const slider = reward.slider;
      const conditions = [
        reward.minimumSubtotal &&
          t("minimum", { amount: reward.minimumSubtotal }),
        ...(reward.conditions || []),
      ].filter(Boolean);
      const foot = h("div", { class: "lwc-card__foot" });
      const reason = reward.reason;
      if (reason === "sold_out" || reason === "tier_locked")
        foot.append(
          h(
            "p",
            { class: "lwc-card__state", "data-lwc-state": reason },
            reason === "sold_out"
              ? t("sold_out")
              : t("locked", {
                  tiers: new Intl.ListFormat(locale, {
                    type: "disjunction",
                  }).format(reward.lockedTo || []),
                }),
          ),
        );
      else if (!config.signedIn)
        foot.append(
          h("a", { class: "lwc-link", href: config.loginUrl }, t("sign_in")),
        );
      else if (reward.available)
        foot.append(
          h(
            "button",
            {
              type: "button",
              class: "lwc-btn",
              "data-lwc-redeem": reward.id,
              onclick: (e) => redeem(reward, e.currentTarget, foot),
            },
            t("redeem"),
          ),
        );
      else
        foot.append(
          h(
            "p",
            { class: "lwc-card__state" },
            t(reason || "not_available") || t("not_available"),
          ),
        );
      return h(
        "li",
        {
          class:
            "lwc-card" +
            (reward.available || (!config.signedIn && !reason)
              ? ""
              : " lwc-card--off"),
          "data-lwc-reward": reward.id,
        },
        image,
        h("h3", { class: "lwc-card__name" }, reward.name),
        config.descriptions &&
          reward.description &&
          h("p", { class: "lwc__muted" }, reward.description),
        h(
          "p",
          { class: "lwc-card__cost" },
          slider
            ? t("cost_range", { min: pts(slider.min), max: pts(slider.max) })
            : pts(reward.pointsCost),
        ),
        conditions.length > 0 &&
          h(
            "ul",
            { class: "lwc-card__conditions" },
            conditions.map((c) => h("li", {}, c)),
          ),
        foot,
      );
    }

    async function redeem(reward, button, foot) {
      if (busy) return;
      busy = true;
      keys[reward.id] = keys[reward.id] || crypto.randomUUID();
      button.setAttribute("aria-disabled", "true");
      button.textContent = t("redeeming");
      const body = { rewardId: reward.id, idempotencyKey: keys[reward.id] };
      if (reward.slider) body.points = reward.slider.min;
      const res = await api("/api/redemptions", {
        method: "POST",
        body: JSON.stringify(body),
      });
      busy = false;
      const redemption = res.body && res.body.redemption;
      if (redemption) {
        delete keys[reward.id];
        const input = h("input", {
          class: "lwc-code__value",
          readonly: true,
          value: redemption.code,
          "aria-label": t("your_code", { reward: redemption.rewardName }),
          onfocus: (e) => e.target.select(),
        });
        const copy = h(
          "button",
          {
            type: "button",
            class: "lwc-btn",
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(redemption.code);
                say(t("copied"));
              } catch {
                input.select();
                say(t("copy_failed"));
              }
            },
          },
          t("copy"),
        );
        foot.replaceChildren(
          h(
            "div",
            { class: "lwc-code", "data-lwc-code": redemption.code },
            h("p", {}, t("your_code", { reward: redemption.rewardName })),
            h("div", { class: "lwc-code__row" }, input, copy),
          ),
        );
        say(
          t("your_code", { reward: redemption.rewardName }) +
            " " +
            redemption.code,
        );
        copy.focus();
        return;
      }
      // A definitive refusal ends the attempt; a lost answer keeps the key for the retry.
      if (res.status && res.status < 500 && res.status !== 429)
        delete keys[reward.id];
      button.removeAttribute("aria-disabled");
      button.textContent = t("redeem");
      say(
        (res.body && res.body.error && res.body.error.message) || t("error"),
        true,
      );
    }

    root.addEventListener("pointerenter", start, { once: true });
    root.addEventListener("focusin", start, { once: true });
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            observer.disconnect();
            start();
          }
        },
        { rootMargin: "200px" },
      );
      observer.observe(root);
    } else start();
  }

  document.querySelectorAll("[data-lwc]").forEach(init);
})();
