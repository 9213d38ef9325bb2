export function postgresMigrations(
  dir?: string,
): { name: string; sql: string; checksum: string }[];
export function migratePostgres(
  connectionString: string,
  options?: { dir?: string; log?: (line: string) => void },
): Promise<string[]>;
