/*
 * Storefront loyalty widget. Enhances the shell that blocks/loyalty-launcher.liquid renders on the
 * server (balance already painted from the customer metafield), then talks to the app through
 * Shopify's app proxy on the shop's own origin. Vanilla JS and no dependencies, to stay an order of
 * magnitude lighter than the usual loyalty bundles; no shopper-facing text lives here: every string
 * arrives translated in the block's JSON config. The JSON contract is in ../README.md.
 */
(() => {
  "use strict";

  // Shopify HTML-escapes translations whose key does not end in _html; the config is JSON, not HTML,
  // so the entities would otherwise show up as "&#39;".
  const ENTITIES = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    "#39": "'",
    "#x27": "'",
  };
  const decode = (s) =>
    String(s).replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ENTITIES[e]);

  const uuid = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (
            c ^
            (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))
          ).toString(16),
        );

  /** Builds an element: props are attributes, except on* (listeners) and text. */
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    el.append(
      ...kids
        .flat()
        .filter((kid) => kid != null && kid !== false && kid !== ""),
    );
    return el;
  }

  function init(root) {
    const config = JSON.parse(
      root.querySelector("[data-lw-config]").textContent,
    );
    const strings = {};
    for (const key in config.t) strings[key] = decode(config.t[key]);
    const t = (key, vars = {}) =>
      (strings[key] || "").replace(/\[(\w+)\]/g, (m, name) =>
        name in vars ? vars[name] : m,
      );

    const locale = config.locale;
    const numbers = new Intl.NumberFormat(locale);
    const plurals = new Intl.PluralRules(locale);
    const pts = (n) => {
      const form = "points_" + plurals.select(n);
      return t(strings[form] ? form : "points_other", {
        count: numbers.format(n),
      });
    };
    const day = (iso) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(
        new Date(iso),
      );
    const money = (slider, points) => {
      // valuePerStep is a decimal string (Shopify's MoneyV2 style); work in cents to avoid float drift.
      const amount =
        Math.round(Number(slider.valuePerStep) * 100 * (points / slider.step)) /
        100;
      try {
        return new Intl.NumberFormat(locale, {
          style: "currency",
          currency: slider.currencyCode,
        }).format(amount);
      } catch {
        return numbers.format(amount) + " " + slider.currencyCode;
      }
    };

    const $ = (selector) => root.querySelector(selector);
    const launcher = $("[data-lw-launcher]");
    const panel = $("[data-lw-panel]");
    const title = panel.querySelector("h2");
    const msg = $("[data-lw-msg]");
    const result = $("[data-lw-result]");
    const content = $("[data-lw-content]");

    const state = {
      me: null,
      rewards: [],
      ways: [],
      loaded: false,
      busy: false,
      signedOut: !config.signedIn,
      open: {},
      slider: {},
    };
    // One idempotency key per redemption attempt ("reward:points"), kept until the app gives a
    // definitive answer, so a retry after a lost response can never redeem twice.
    const attempts = new Map();
    let loading = null;

    async function api(path, init) {
      const url = config.proxy + path + "?locale=" + encodeURIComponent(locale);
      const headers = { Accept: "application/json" };
      if (init && init.body) headers["Content-Type"] = "application/json";
      try {
        const res = await fetch(url, {
          credentials: "same-origin",
          cache: "no-store",
          ...init,
          headers,
        });
        const body = await res.json().catch(() => undefined);
        // A success whose body never fully arrived is an unknown outcome, like a network error.
        return {
          status: body === undefined && res.ok ? 0 : res.status,
          body: body || null,
        };
      } catch {
        return { status: 0, body: null };
      }
    }

    function say(text, action, isError) {
      msg.classList.toggle("lw-msg--error", !!isError);
      msg.replaceChildren(
        ...[text && h("span", {}, text), action].filter(Boolean),
      );
    }

    function setBalance(balance) {
      config.balance = balance;
      if (state.me) state.me.balance = balance;
      root
        .querySelectorAll("[data-lw-points]")
        .forEach((el) => (el.textContent = pts(balance)));
    }

    function signInLink(text) {
      return h("a", { class: "lw-link", href: config.loginUrl }, text);
    }

    function signedOut() {
      state.signedOut = true;
      say(t("error_signed_out"), signInLink(t("sign_in")), true);
    }

    async function refresh() {
      content.setAttribute("aria-busy", "true");
      if (!state.loaded)
        content.replaceChildren(h("p", { class: "lw-muted" }, t("loading")));
      const [me, catalogue, earn] = await Promise.all([
        state.signedOut ? null : api("/api/me"),
        api("/api/rewards"),
        state.signedOut ? null : api("/api/earn"),
      ]);
      if (earn && earn.status === 200 && earn.body) state.earn = earn.body;
      content.setAttribute("aria-busy", "false");
      if (me && me.status === 401) signedOut();
      else if (me && me.status === 200 && me.body) {
        state.me = me.body;
        setBalance(me.body.balance);
        const meta = $("[data-lw-meta]");
        if (meta) {
          const tier = me.body.tier && me.body.tier.name;
          meta.textContent = [
            tier && t("tier", { tier }),
            me.body.pending > 0 &&
              t("pending", { points: pts(me.body.pending) }),
          ]
            .filter(Boolean)
            .join(" · ");
        }
      }
      if (catalogue.status === 200 && catalogue.body) {
        state.rewards = catalogue.body.rewards || [];
        state.ways = catalogue.body.waysToEarn || [];
        state.loaded = true;
        render();
      } else if (!state.loaded) {
        loading = null;
        content.replaceChildren(
          h("p", {}, t("load_failed")),
          h(
            "button",
            { type: "button", class: "lw-btn lw-btn--ghost", onclick: load },
            t("retry"),
          ),
        );
      }
    }

    function load() {
      return (loading = loading || refresh());
    }

    function section(name, heading, body, collapsible) {
      if (!collapsible)
        return h(
          "section",
          { class: "lw-section" },
          h("h3", { class: "lw-section__title" }, heading),
          body,
        );
      return h(
        "details",
        {
          class: "lw-section",
          open: !!state.open[name],
          ontoggle: (e) => (state.open[name] = e.target.open),
        },
        h(
          "summary",
          { class: "lw-section__title", "data-lw-focus": name },
          heading,
        ),
        body,
      );
    }

    function render() {
      // Re-rendering replaces the focused element; put focus back on its twin, or on the title.
      const active = document.activeElement;
      const hadFocus = content.contains(active);
      const focusKey = hadFocus && active.dataset.lwFocus;
      const me = state.me;
      const list = (items, item) =>
        h("ul", { class: "lw-list" }, items.map(item));
      // Guests can only earn, so for them the ways to earn come first, open.
      const earn =
        state.ways.length > 0 &&
        section(
          "earn",
          t("ways_to_earn"),
          h(
            "ul",
            { class: "lw-list" },
            state.ways.map((way, i) =>
              wayItem(way, state.earn && state.earn.waysToEarn[i]),
            ),
          ),
          !state.signedOut,
        );
      const sections = [
        state.signedOut && earn,
        section(
          "rewards",
          t("rewards"),
          state.rewards.length
            ? list(state.rewards, rewardItem)
            : h("p", { class: "lw-muted" }, t("no_rewards")),
        ),
        me &&
          me.redemptions &&
          me.redemptions.length > 0 &&
          section("codes", t("my_codes"), list(me.redemptions, codeItem)),
        !state.signedOut && earn,
        me &&
          section(
            "history",
            t("history"),
            me.history && me.history.length
              ? list(me.history, historyItem)
              : h("p", { class: "lw-muted" }, t("no_history")),
            true,
          ),
      ];
      content.replaceChildren(...sections.filter(Boolean));
      if (hadFocus)
        (
          (focusKey &&
            content.querySelector(`[data-lw-focus="${focusKey}"]`)) ||
          title
        ).focus();
    }

    function rewardItem(reward) {
      const slider = reward.slider;
      const canRedeem = !state.signedOut && reward.available;
      let points = reward.pointsCost;
      let input = null;
      let sliderRow = null;
      if (slider && canRedeem) {
        // Never offer more than the shopper holds: the top of the range is capped to the balance.
        const balance = state.me ? state.me.balance : config.balance;
        const max = Math.max(
          slider.min,
          Math.min(
            slider.max,
            slider.min +
              Math.floor((balance - slider.min) / slider.step) * slider.step,
          ),
        );
        points = Math.min(max, state.slider[reward.id] || slider.min);
        const id = root.id + "-slider-" + reward.id;
        const output = h("output", { class: "lw-slider__value", for: id });
        input = h("input", {
          id,
          type: "range",
          class: "lw-slider__input",
          min: slider.min,
          max,
          step: slider.step,
          value: points,
          "data-lw-focus": "slider-" + reward.id,
        });
        const sync = () => {
          points = state.slider[reward.id] = Number(input.value);
          output.textContent = t("slider_value", {
            points: pts(points),
            amount: money(slider, points),
          });
          input.setAttribute("aria-valuetext", output.textContent);
        };
        input.addEventListener("input", sync);
        sync();
        sliderRow = h(
          "div",
          { class: "lw-slider" },
          h("label", { for: id }, t("slider_label")),
          input,
          output,
        );
      }

      const actions = h("div", { class: "lw-reward__actions" });
      const redeemButton = h(
        "button",
        {
          type: "button",
          class: "lw-btn",
          "data-lw-focus": "redeem-" + reward.id,
          onclick: askToConfirm,
        },
        t("redeem"),
      );
      function askToConfirm() {
        if (input) input.disabled = true;
        const confirm = h(
          "button",
          {
            type: "button",
            class: "lw-btn",
            "data-lw-focus": "confirm-" + reward.id,
            onclick: () => redeem(reward, points, confirm),
          },
          t("confirm"),
        );
        const cancel = h(
          "button",
          {
            type: "button",
            class: "lw-btn lw-btn--ghost",
            onclick: () => {
              if (input) input.disabled = false;
              actions.replaceChildren(redeemButton);
              redeemButton.focus();
            },
          },
          t("cancel"),
        );
        actions.replaceChildren(
          h(
            "p",
            { class: "lw-reward__question" },
            t("confirm_question", { points: pts(points), reward: reward.name }),
          ),
          confirm,
          cancel,
        );
        confirm.focus();
      }

      // A sold-out reward says so to guests too, rather than inviting them to sign in for nothing.
      if (state.signedOut && reward.reason !== "sold_out")
        actions.append(signInLink(t("guest_redeem")));
      else if (canRedeem) actions.append(redeemButton);
      else {
        const reason = reward.reason || "not_available";
        const short =
          state.me &&
          reason === "insufficient_points" &&
          !slider &&
          reward.pointsCost - state.me.balance;
        actions.append(
          h(
            "p",
            { class: "lw-reward__reason" },
            t("reason_" + reason) || t("reason_not_available"),
            short > 0 && " · " + t("need_more", { points: pts(short) }),
          ),
        );
      }

      return h(
        "li",
        {
          class:
            "lw-reward" +
            (canRedeem || state.signedOut ? "" : " lw-reward--off"),
          "data-lw-reward": reward.id,
        },
        reward.imageUrl &&
          h("img", {
            class: "lw-reward__image",
            src: reward.imageUrl,
            alt: "",
            width: 48,
            height: 48,
            loading: "lazy",
            // An image that fails leaves the card as it is without one.
            onerror: (e) => e.target.remove(),
          }),
        h(
          "div",
          { class: "lw-reward__main" },
          h("h4", { class: "lw-reward__name" }, reward.name),
          reward.description &&
            h("p", { class: "lw-reward__description" }, reward.description),
          h(
            "p",
            { class: "lw-reward__cost" },
            slider
              ? t("cost_range", { min: pts(slider.min), max: pts(slider.max) })
              : pts(reward.pointsCost),
          ),
          sliderRow,
          actions,
        ),
      );
    }

    function codeItem(redemption) {
      const active =
        redemption.status === "active" || redemption.status === "pending";
      return h(
        "li",
        { class: "lw-row" },
        h(
          "span",
          { class: "lw-row__main" },
          redemption.rewardName,
          h("code", { class: "lw-row__code" }, redemption.code),
        ),
        h(
          "span",
          { class: "lw-row__side" },
          t("status_" + redemption.status) || redemption.status,
          active &&
            redemption.expiresAt &&
            h("small", {}, t("expires", { date: day(redemption.expiresAt) })),
          active &&
            h(
              "button",
              {
                type: "button",
                class: "lw-link",
                onclick: () => copyCode(redemption.code),
              },
              t("copy"),
            ),
        ),
      );
    }

    // Posts an earning claim; the app's answer (in the shopper's language) goes to the live region.
    async function claim(path, body, done) {
      if (state.busy) return;
      state.busy = true;
      const res = await api("/api/earn/" + path, {
        method: "POST",
        body: JSON.stringify(body),
      });
      state.busy = false;
      const error = res.body && res.body.error;
      if (res.status >= 200 && res.status < 300) {
        say(t(done));
        if (res.body && typeof res.body.balance === "number")
          setBalance(res.body.balance);
      } else say((error && error.message) || t("error_server"), null, true);
      await refresh();
    }

    /** What a shopper can do for a way to earn, where they are: follow, give a birthday, submit. */
    function earnAction(way) {
      if (!way || state.signedOut) return null;
      const field = (props, label) =>
        h("label", { class: "lw-field" }, label, h("input", props));
      if (way.type === "social") {
        if (way.done) return h("small", {}, t("earn_done"));
        return h(
          "button",
          {
            type: "button",
            class: "lw-btn lw-btn--ghost",
            "data-lw-focus": "earn-" + way.id,
            onclick: () => {
              // Honour-based: open the network, then claim.
              if (way.url) window.open(way.url, "_blank", "noopener");
              claim("social", { ruleId: way.id }, "earn_claimed");
            },
          },
          t("earn_go"),
        );
      }
      if (way.type === "birthday") {
        const b = state.earn.birthday;
        if (b) return h("small", {}, t("earn_done"));
        const month = { type: "number", min: 1, max: 12, required: true };
        const day = { type: "number", min: 1, max: 31, required: true };
        return h(
          "form",
          {
            class: "lw-earn",
            onsubmit: (e) => {
              e.preventDefault();
              const f = e.target.elements;
              claim(
                "birthday",
                { month: Number(f[0].value), day: Number(f[1].value) },
                "earn_saved",
              );
            },
          },
          field(month, t("birthday_month")),
          field(day, t("birthday_day")),
          h("button", { class: "lw-btn" }, t("earn_save")),
        );
      }
      if (way.type === "content_mission") {
        const last = way.lastSubmission;
        const status =
          last &&
          h(
            "small",
            { "data-lw-state": last.state },
            t("state_" + last.state),
            last.state === "rejected" && last.message && " · " + last.message,
          );
        if (last && last.state === "pending") return status;
        return h(
          "form",
          {
            class: "lw-earn",
            onsubmit: (e) => {
              e.preventDefault();
              claim(
                "content",
                { ruleId: way.id, content: e.target.elements[0].value },
                "earn_sent",
              );
            },
          },
          status,
          field(
            {
              type: way.submission === "text" ? "text" : "url",
              maxlength: 2000,
              required: true,
            },
            t("content_" + way.submission),
          ),
          h("button", { class: "lw-btn" }, t("earn_send")),
        );
      }
      return null;
    }

    function wayItem(way, detail) {
      return h(
        "li",
        { class: "lw-row" },
        h(
          "span",
          { class: "lw-row__main" },
          way.name,
          way.description && h("small", {}, way.description),
          earnAction(detail),
        ),
        h(
          "span",
          { class: "lw-row__side lw-row__points" },
          typeof way.points === "number" ? pts(way.points) : way.points,
        ),
      );
    }

    function historyItem(entry) {
      // What happened, in the shop's language, then the detail the app stored (an order number, a
      // reward's name, the shop's reason). A kind this widget does not know yet shows the detail only.
      const label = t("kind_" + entry.kind);
      return h(
        "li",
        { class: "lw-row" },
        h(
          "span",
          { class: "lw-row__main" },
          label || entry.description,
          label && entry.description && h("small", {}, entry.description),
          h("time", { datetime: entry.createdAt }, day(entry.createdAt)),
        ),
        h(
          "span",
          {
            class:
              "lw-row__side lw-row__points" +
              (entry.points < 0 ? " lw-row__points--minus" : ""),
          },
          (entry.points > 0 ? "+" : "") + numbers.format(entry.points),
        ),
      );
    }

    async function copyCode(code, input) {
      try {
        await navigator.clipboard.writeText(code);
        say(t("copied"));
      } catch {
        if (input) input.select();
        say(t("copy_failed"));
      }
    }

    function showCode(redemption) {
      const input = h("input", {
        class: "lw-code__value",
        readonly: true,
        value: redemption.code,
        "aria-label": t("your_code", { reward: redemption.rewardName }),
        onfocus: (e) => e.target.select(),
      });
      const copy = h(
        "button",
        {
          type: "button",
          class: "lw-btn",
          onclick: () => copyCode(redemption.code, input),
        },
        t("copy"),
      );
      const apply =
        config.rootUrl.replace(/\/?$/, "/") +
        "discount/" +
        encodeURIComponent(redemption.code) +
        "?redirect=" +
        encodeURIComponent(config.cartUrl);
      result.replaceChildren(
        h(
          "div",
          { class: "lw-code" },
          h(
            "p",
            { class: "lw-code__title" },
            t("your_code", { reward: redemption.rewardName }),
          ),
          h("div", { class: "lw-code__row" }, input, copy),
          redemption.status === "pending" &&
            h("p", { class: "lw-muted" }, t("status_pending")),
          redemption.expiresAt &&
            h(
              "p",
              { class: "lw-muted" },
              t("expires", { date: day(redemption.expiresAt) }),
            ),
          h("a", { class: "lw-link", href: apply }, t("apply")),
        ),
      );
      copy.focus();
    }

    const ERRORS = {
      insufficient_points: "error_insufficient_points",
      sold_out: "error_sold_out",
      limit_reached: "error_limit_reached",
    };
    const BY_STATUS = {
      409: "error_insufficient_points",
      410: "error_sold_out",
      429: "error_rate_limited",
    };

    async function redeem(reward, points, button) {
      if (state.busy) return;
      const attempt = reward.id + ":" + points;
      if (!attempts.has(attempt)) attempts.set(attempt, uuid());
      const body = {
        rewardId: reward.id,
        idempotencyKey: attempts.get(attempt),
      };
      if (reward.slider) body.points = points;

      state.busy = true;
      // aria-disabled rather than disabled: disabling the focused button would drop focus to <body>.
      button.setAttribute("aria-disabled", "true");
      // The message area keeps its content until the answer: emptying it now would shift the list
      // under the shopper's pointer.
      button.textContent = t("redeeming");
      const res = await api("/api/redemptions", {
        method: "POST",
        body: JSON.stringify(body),
      });
      state.busy = false;

      const error = (res.body && res.body.error) || {};
      if (
        (res.status === 200 || res.status === 201) &&
        res.body &&
        res.body.redemption
      ) {
        attempts.delete(attempt);
        say(
          t("success", {
            reward: res.body.redemption.rewardName,
            code: res.body.redemption.code,
          }),
        );
        showCode(res.body.redemption);
        if (typeof res.body.balance === "number") setBalance(res.body.balance);
        state.slider[reward.id] = 0;
        refresh();
      } else if (res.status === 0 || res.status >= 500 || res.status === 429) {
        // Nothing definitive: keep the key, so trying again cannot redeem twice.
        render();
        const again = h(
          "button",
          {
            type: "button",
            class: "lw-btn lw-btn--ghost",
            onclick: (e) => redeem(reward, points, e.currentTarget),
          },
          t("retry"),
        );
        say(
          t(
            res.status === 429
              ? "error_rate_limited"
              : res.status
                ? "error_server"
                : "error_network",
          ),
          res.status === 429 ? null : again,
          true,
        );
        (res.status === 429
          ? content.querySelector(`[data-lw-focus="redeem-${reward.id}"]`) ||
            title
          : again
        ).focus();
      } else {
        attempts.delete(attempt);
        if (res.status === 401) signedOut();
        else
          say(
            t(ERRORS[error.code] || BY_STATUS[res.status] || "error_invalid"),
            null,
            true,
          );
        await refresh();
        (
          content.querySelector(`[data-lw-focus="redeem-${reward.id}"]`) ||
          title
        ).focus();
      }
    }

    function open() {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      root.classList.add("lw--open");
      title.focus();
      load();
    }

    function close() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      root.classList.remove("lw--open");
      launcher.focus();
    }

    launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
    // Warm the catalogue while the pointer travels to the button.
    launcher.addEventListener("pointerenter", load, { once: true });
    $("[data-lw-close]").addEventListener("click", close);
    // While open, Tab and Shift+Tab cycle inside the panel (a dialog); Escape closes it.
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        close();
      } else if (e.key === "Tab") {
        const items = [
          ...panel.querySelectorAll(
            "a[href],button,input,select,textarea,summary,[tabindex='0']",
          ),
        ].filter((el) => !el.disabled && el.getClientRects().length);
        const first = items[0];
        const last = items[items.length - 1];
        const at = document.activeElement;
        if (!first) return;
        if (e.shiftKey ? at === first || at === title : at === last) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        }
      }
    });
    document.querySelectorAll("[data-lw-open]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", open);
    });
  }

  document.querySelectorAll("[data-lw]").forEach(init);
})();
