/** The driver's error code of a failed query, if any. */
export const sqlState = (err: unknown): string | undefined => (err as { driverError?: { code?: string } }).driverError?.code;
