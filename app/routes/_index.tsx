import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app at its root with ?shop=&host=: keep the query and go to the embedded admin.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
}
