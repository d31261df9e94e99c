/**
 * 0006: idempotency keys. A write retried with the same `Idempotency-Key` by the same caller is
 * answered with the first result instead of being applied twice. The key is stored hashed with
 * the caller's credentials (`key_hash`); `request_hash` tells a true retry from a different
 * request reusing the key; `status` is null while the first request runs. Kept 24 hours.
 *
 * @since 0.3.0
 */
import { script } from "./script.js"

/** @since 0.3.0 @category migrations */
export const migration = script(`
      create table idempotency_keys (
        key_hash text primary key,
        request_hash text not null,
        status int,
        content_type text,
        body bytea,
        created_at timestamptz not null default now()
      );
      create index idempotency_keys_created on idempotency_keys (created_at)
`)
