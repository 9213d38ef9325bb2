import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

import prisma from "~/db.server";

/** Where the Shopify library keeps its OAuth sessions: the `Session` table. */
export const prismaSessionStorage = new PrismaSessionStorage(prisma);
