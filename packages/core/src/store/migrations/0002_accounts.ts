/**
 * 0002: accounts, registration, access and the audit trail.
 *
 * - accounts: why an account was disabled, and the province it was activated in (a member who
 *   transfers to another province's Party organization leaves the account's scope);
 * - members: when the status last changed (the retention period of anonymization runs from it,
 *   kept by a trigger so every writer of `status` is covered) and when the record was anonymized;
 * - sessions: an id the owner can list and revoke, and where each came from;
 * - one-time codes (hashed; 5 minutes, 5 tries), self-registrations, login throttling;
 * - audit_log: on whose behalf and through which channel; an append-only hash chain kept by
 *   triggers (each entry carries the hash of the previous one; updates and deletes are refused).
 *
 * Functions are written on one line: the script splits statements at a `;` that ends a line.
 *
 * @since 0.2.0
 */
import { script } from "./script.js"

/** @since 0.2.0 @category migrations */
export const migration = script(`
      alter table accounts add column disabled_reason text;
      alter table accounts add column province_id uuid;
      update accounts a set province_id = m.province_id from members m where m.id = a.member_id;
      create function sotay_account_province() returns trigger language plpgsql as $$ begin if new.province_id is null and new.member_id is not null then select province_id into new.province_id from members where id = new.member_id; end if; return new; end $$;
      create trigger accounts_province before insert on accounts for each row execute function sotay_account_province();

      alter table members add column status_changed_at timestamptz not null default now();
      alter table members add column anonymized_at timestamptz;
      create function sotay_member_status_changed() returns trigger language plpgsql as $$ begin if new.status is distinct from old.status then new.status_changed_at := now(); end if; return new; end $$;
      create trigger members_status_changed before update of status on members for each row execute function sotay_member_status_changed();

      alter table sessions add column id uuid not null default gen_random_uuid();
      create unique index sessions_id on sessions (id);
      alter table sessions add column client_address text;
      alter table sessions add column user_agent text;

      create table one_time_codes (
        id uuid primary key,
        purpose text not null,
        subject_id uuid not null,
        code_hash text not null,
        attempts int not null default 0,
        expires_at timestamptz not null,
        consumed_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index one_time_codes_subject on one_time_codes (subject_id, purpose, created_at);

      create table registrations (
        id uuid primary key,
        org_id uuid not null references organizations(id),
        member_id uuid references members(id),
        full_name text not null,
        date_of_birth date not null,
        citizen_id text not null,
        party_card_number text,
        phone text not null,
        password_hash text,
        status text not null,
        reason text,
        decided_by uuid,
        decided_at timestamptz,
        account_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index registrations_org on registrations (org_id, status, created_at);
      create unique index registrations_one_approved on registrations (member_id) where status = 'approved';

      create table login_throttle (
        key text primary key,
        failures int not null,
        window_start timestamptz not null,
        blocked_until timestamptz
      );

      alter table audit_log add column on_behalf_of uuid;
      alter table audit_log add column channel text;
      alter table audit_log add column prev_hash text;
      alter table audit_log add column hash text;
      create function sotay_audit_hash(prev text, id bigint, at timestamptz, actor uuid, action text, org uuid, target_type text, target_id text, detail jsonb, on_behalf_of uuid, channel text) returns text language sql immutable as $$ select encode(sha256(convert_to(json_build_array(prev, id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action, org, target_type, target_id, detail, on_behalf_of, channel)::text, 'UTF8')), 'hex') $$;
      do $$ declare r record; last text := 'genesis'; begin for r in select * from audit_log order by id loop update audit_log set prev_hash = last, hash = sotay_audit_hash(last, r.id, r.at, r.actor_account_id, r.action, r.org_id, r.target_type, r.target_id, r.detail, r.on_behalf_of, r.channel) where id = r.id returning hash into last; end loop; end $$;
      create function sotay_audit_chain() returns trigger language plpgsql as $$ declare last text; begin perform pg_advisory_xact_lock(737461790); new.id := nextval(pg_get_serial_sequence('audit_log', 'id')); select hash into last from audit_log order by id desc limit 1; new.prev_hash := coalesce(last, 'genesis'); new.hash := sotay_audit_hash(new.prev_hash, new.id, new.at, new.actor_account_id, new.action, new.org_id, new.target_type, new.target_id, new.detail, new.on_behalf_of, new.channel); return new; end $$;
      create trigger audit_log_chain before insert on audit_log for each row execute function sotay_audit_chain();
      create function sotay_audit_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$;
      create trigger audit_log_append_only before update or delete on audit_log for each row execute function sotay_audit_append_only();
      create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function sotay_audit_append_only();
      create index audit_log_actor on audit_log (actor_account_id, id);
      create index audit_log_target on audit_log (target_id, id)
`)
