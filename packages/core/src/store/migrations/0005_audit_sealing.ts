/**
 * 0005: the audit chain moves off the write path.
 *
 * Until now a trigger chained every entry as it was inserted, under one database-wide advisory
 * lock held until commit: every audited write in the country (a check-in, a login) waited for the
 * commit of the one before it. Now a write only appends its entry, unsealed (`seq`, `prev_hash`,
 * `hash` null), and a sealer — `sotay_audit_seal`, called by the server every fraction of a second
 * and by `sotay audit verify` — gives the committed unsealed entries, in id order, the next chain
 * positions, each entry the hash of the one before it and its own. The chain's order is `seq`;
 * entries already chained keep their hashes (their `seq` is their rank by id).
 *
 * Guards: an insert cannot bring its own seal (the trigger clears it); an entry can be updated
 * only by the sealer (a transaction-local setting), only once, and only in its chain columns;
 * deletes and truncation are refused as before.
 *
 * @since 0.3.0
 */
import { script } from "./script.js"

/** @since 0.3.0 @category migrations */
export const migration = script(`
      alter table audit_log add column seq bigint;
      alter table audit_log disable trigger audit_log_append_only;
      update audit_log set seq = ranked.n from (select id, row_number() over (order by id) as n from audit_log) ranked where ranked.id = audit_log.id;
      alter table audit_log enable trigger audit_log_append_only;
      create unique index audit_log_seq on audit_log (seq);
      create index audit_log_unsealed on audit_log (id) where seq is null;
      drop trigger audit_log_chain on audit_log;
      drop function sotay_audit_chain();
      create function sotay_audit_unsealed() returns trigger language plpgsql as $$ begin new.seq := null; new.prev_hash := null; new.hash := null; return new; end $$;
      create trigger audit_log_unsealed before insert on audit_log for each row execute function sotay_audit_unsealed();
      create or replace function sotay_audit_append_only() returns trigger language plpgsql as $$ begin if tg_op = 'UPDATE' then if current_setting('sotay.audit_sealing', true) = 'on' and old.seq is null and new.seq is not null and (new.id, new.at, new.actor_account_id, new.action, new.org_id, new.target_type, new.target_id, new.detail, new.on_behalf_of, new.channel) is not distinct from (old.id, old.at, old.actor_account_id, old.action, old.org_id, old.target_type, old.target_id, old.detail, old.on_behalf_of, old.channel) then return new; end if; end if; raise exception 'audit_log is append-only'; end $$;
      create function sotay_audit_seal(max_entries int) returns int language plpgsql as $$ declare r record; last_seq bigint; last_hash text; sealed int := 0; begin if not exists (select 1 from audit_log where seq is null) then return 0; end if; if not pg_try_advisory_xact_lock(737461790) then return 0; end if; perform set_config('sotay.audit_sealing', 'on', true); select seq, hash into last_seq, last_hash from audit_log where seq is not null order by seq desc limit 1; last_seq := coalesce(last_seq, 0); last_hash := coalesce(last_hash, 'genesis'); for r in select * from audit_log where seq is null order by id limit max_entries loop last_seq := last_seq + 1; update audit_log set seq = last_seq, prev_hash = last_hash, hash = sotay_audit_hash(last_hash, r.id, r.at, r.actor_account_id, r.action, r.org_id, r.target_type, r.target_id, r.detail, r.on_behalf_of, r.channel) where id = r.id returning hash into last_hash; sealed := sealed + 1; end loop; perform set_config('sotay.audit_sealing', 'off', true); return sealed; end $$
`)
