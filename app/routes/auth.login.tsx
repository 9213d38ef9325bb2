import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { getLocale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { login } from "~/shopify.server";

/**
 * /auth/login, the library's login path: a store domain sends the merchant to install or open the
 * app in their Shopify admin (the library's `login` throws that redirect). Without one, a plain
 * page asks for it. Rendered on the server with no script, outside the embedded admin.
 */

async function loginPage(request: Request) {
  const locale = getLocale(request);
  const { shop: problem } = await login(request);
  const text = {
    title: t(locale, "login.title"),
    intro: t(locale, "login.intro"),
    shopLabel: t(locale, "login.shopLabel"),
    shopHelp: t(locale, "login.shopHelp"),
    submit: t(locale, "login.submit"),
  };
  const error =
    problem === "MISSING_SHOP" || problem === "INVALID_SHOP"
      ? t(locale, `login.error.${problem}`)
      : null;
  return { locale, text, error };
}

export async function loader({ request }: LoaderFunctionArgs) {
  return loginPage(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const page = await loginPage(request);
  return json(page, { status: page.error ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.text.title ?? "Log in" },
];

export default function LoginPage() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof loader>();
  const { text } = loaded;
  const error = posted?.error ?? loaded.error;
  return (
    <main
      lang={loaded.locale}
      style={{
        maxWidth: "28rem",
        margin: "4rem auto",
        padding: "0 1rem",
        fontFamily: "system-ui, sans-serif",
        lineHeight: 1.5,
      }}
    >
      <h1 style={{ fontSize: "1.5rem" }}>{text.title}</h1>
      <p>{text.intro}</p>
      <Form method="post" reloadDocument>
        <label htmlFor="shop" style={{ display: "block", fontWeight: 600 }}>
          {text.shopLabel}
        </label>
        <input
          id="shop"
          name="shop"
          type="text"
          autoComplete="on"
          aria-describedby="shop-help"
          aria-invalid={error ? true : undefined}
          style={{ width: "100%", padding: "0.5rem", boxSizing: "border-box" }}
        />
        <p id="shop-help" style={{ margin: "0.25rem 0", color: "#616161" }}>
          {text.shopHelp}
        </p>
        {error ? (
          <p role="alert" style={{ color: "#8e1f0b" }}>
            {error}
          </p>
        ) : null}
        <button type="submit" style={{ padding: "0.5rem 1rem" }}>
          {text.submit}
        </button>
      </Form>
    </main>
  );
}
