/** Where a module reports a failure it handled (the server's log in production, a list in tests). */
export type Logger = (message: string, error: unknown) => void;
