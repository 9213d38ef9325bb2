import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";

import {
  ADMIN_LAYOUT_ROUTE_ID,
  type AdminLocaleData,
} from "~/i18n/use-translation";

export default function App() {
  // The embedded admin speaks the merchant's language; say so to screen readers and the browser.
  const admin = useRouteLoaderData<AdminLocaleData>(ADMIN_LAYOUT_ROUTE_ID);
  return (
    <html lang={admin?.locale ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
