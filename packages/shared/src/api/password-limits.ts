// Plain constants (no zod), so the dashboard can import them through `@reelback/shared/password-limits`.

/** A password's length limits (scrypt hashes any length cheaply, but a megabyte password is nobody's). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
