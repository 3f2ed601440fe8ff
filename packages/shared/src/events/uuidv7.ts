// Time-ordered ids made where an event happens, so retries are idempotent and order is recoverable.
export { v7 as uuidv7 } from 'uuid';
