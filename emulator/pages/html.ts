/** Plain server-rendered HTML for the emulator's pages: no build step, no framework. */

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template that escapes every interpolated value unless it was built with `html` itself. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): SafeHtml {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(value);
}

export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}

/** JSON for an inline <script>: `</script>` inside data must not end the element. */
export function scriptJson(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, "\\u003c"));
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; }
  body { margin: 0; background: #f1f1f1; color: #303030; }
  header.bar { background: #1a1a1a; color: #fff; padding: 10px 16px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header.bar a { color: #c9e6ff; }
  header.bar strong { font-size: 15px; }
  main { padding: 16px; display: grid; gap: 16px; }
  section.card { background: #fff; border-radius: 10px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
  section.card h2 { margin: 0 0 10px; font-size: 15px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
  th { font-weight: 600; color: #616161; }
  form { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin: 0; }
  fieldset { border: 1px solid #e3e3e3; border-radius: 8px; display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
  label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: #616161; }
  label.inline { flex-direction: row; align-items: center; gap: 4px; }
  input, select, button { font: inherit; padding: 4px 6px; }
  input[type=number] { width: 6em; }
  button { background: #303030; color: #fff; border: 0; border-radius: 6px; padding: 5px 10px; cursor: pointer; }
  button.secondary { background: #e3e3e3; color: #303030; }
  .muted { color: #5f5f5f; }
  .status-delivered { color: #0a7d32; }
  .status-failed { color: #b3261e; font-weight: 600; }
  .status-held { color: #8a6100; }
  code { font-size: 12px; }
  #flash { position: fixed; right: 16px; bottom: 16px; max-width: 420px; }
  #flash div { background: #303030; color: #fff; padding: 8px 12px; border-radius: 8px; margin-top: 6px; }
  #flash div.error { background: #b3261e; }
`;

export function page(
  title: string,
  body: SafeHtml,
  options: { head?: SafeHtml } = {},
): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${raw(STYLE)}
        </style>
        ${options.head ?? ""}
      </head>
      <body>
        <div id="flash" aria-live="polite"></div>
        ${body}
      </body>
    </html>`.value;
}

export function shopNav(
  shop: string,
  current: "store" | "admin" | "storefront",
): SafeHtml {
  const link = (key: typeof current, href: string, label: string) =>
    key === current
      ? html`<span>${label}</span>`
      : html`<a href="${href}">${label}</a>`;
  return html`<header class="bar">
    <strong>${shop}</strong>
    ${link("admin", `/admin/${shop}`, "Admin")}
    ${link("store", `/store/${shop}`, "Store simulator")}
    ${link("storefront", `/storefront/${shop}`, "Storefront")}
    <a href="/">All shops</a>
  </header>`;
}
