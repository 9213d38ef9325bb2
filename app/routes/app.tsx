import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
} from "@remix-run/node";
import {
  Link,
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import polarisFrench from "@shopify/polaris/locales/fr.json";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";

import { PageSkeleton } from "~/components/page-skeleton";
import { useRedirectToast } from "~/components/save-toast";
import { getEnv } from "~/env.server";
import { getLocale, type Locale } from "~/i18n/locale";
import { useTranslation, type AdminLocaleData } from "~/i18n/use-translation";
import { pointsNameFor } from "~/loyalty/program-identity";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { getProgramIdentity } from "~/services/program-identity.server";
import { authenticate } from "~/shopify.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
];

// Both bundled statically: the layout renders on the server and in the browser with the same strings.
const polarisTranslations: Record<Locale, typeof polarisEnglish> = {
  en: polarisEnglish,
  fr: polarisFrench,
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const env = getEnv();
  const { timeZone } = await getShopDisplaySettings(session.shop);
  const locale = getLocale(request);
  const identity = await getProgramIdentity(session.shop);
  const localeData: AdminLocaleData = {
    locale,
    timeZone,
    // What the merchant calls points, in the admin's language (ADR 0013).
    pointsName: identity.pointsNames[locale]
      ? pointsNameFor(identity, locale)
      : null,
  };
  return {
    apiKey: env.SHOPIFY_API_KEY,
    // Offline development: the emulator serves a stand-in for Shopify's CDN script.
    appBridgeUrl: env.APP_BRIDGE_URL ?? null,
    ...localeData,
  };
}

/**
 * Shopify passes the admin's `locale` only when it loads the app; navigations inside the iframe
 * drop it, and re-running this loader then would fall back to the browser's language. Nothing
 * here changes after an action, so the layout keeps its data unless the admin reloads it in
 * another language.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
}) => {
  const nextLocale = nextUrl.searchParams.get("locale");
  return (
    nextLocale !== null && nextLocale !== currentUrl.searchParams.get("locale")
  );
};

export default function App() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  useRedirectToast();
  // Another page's loader running (a link, not a form's redirect): its skeleton meanwhile.
  const navigation = useNavigation();
  const location = useLocation();
  const loadingPage =
    navigation.state === "loading" &&
    !navigation.formMethod &&
    navigation.location.pathname !== location.pathname;
  return (
    <>
      {/*
        AppProvider would load App Bridge from Shopify's CDN, which development machines cannot
        reach; with APP_BRIDGE_URL set, load the local stand-in instead (same attributes).
      */}
      {appBridgeUrl ? (
        <script src={appBridgeUrl} data-api-key={apiKey} />
      ) : null}
      <AppProvider
        isEmbeddedApp={appBridgeUrl === null}
        apiKey={apiKey}
        i18n={polarisTranslations[locale]}
      >
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.home")}
          </Link>
          <Link to="/app/program">{t("nav.program")}</Link>
          <Link to="/app/members">{t("nav.members")}</Link>
          <Link to="/app/reports">{t("nav.reports")}</Link>
          <Link to="/app/earn">{t("nav.earn")}</Link>
          <Link to="/app/rewards">{t("nav.rewards")}</Link>
          <Link to="/app/tiers">{t("nav.tiers")}</Link>
          <Link to="/app/program-page">{t("nav.programPage")}</Link>
          <Link to="/app/emails">{t("nav.emails")}</Link>
          <Link to="/app/settings">{t("nav.settings")}</Link>
        </NavMenu>
        {loadingPage ? <PageSkeleton /> : <Outlet />}
      </AppProvider>
    </>
  );
}

// Shopify's boundary turns the redirects and headers authenticate.admin throws into responses
// that work inside the admin iframe.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) =>
  boundary.headers(headersArgs);
