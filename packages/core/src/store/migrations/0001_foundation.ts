/**
 * 0001: organizations (materialized paths), members, accounts, sessions, role assignments, audit log.
 *
 * @since 0.1.0
 */
import { script } from "./script.js"

/** @since 0.1.0 @category migrations */
export const migration = script(`
      create table organizations (
        id uuid primary key,
        code text not null unique,
        name text not null,
        type text not null,
        parent_id uuid references organizations(id),
        path text collate "C" not null unique,
        depth int not null,
        province_id uuid,
        committee_abbr text,
        status text not null default 'active',
        created_at timestamptz not null default now()
      );
      create index organizations_parent on organizations (parent_id, code);
      create index organizations_path on organizations (path text_pattern_ops);

      create table members (
        id uuid primary key,
        org_id uuid not null references organizations(id),
        province_id uuid,
        full_name text not null,
        name_folded text not null,
        sort_key text collate "C" not null,
        date_of_birth date not null,
        gender text not null check (gender in ('male', 'female')),
        ethnicity text,
        admission_date date,
        official_date date,
        party_card_number text unique,
        citizen_id text not null unique,
        phone text,
        status text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index members_org_sort on members (org_id, sort_key, id);
      create index members_sort on members (sort_key, id);
      create index members_phone on members (phone);

      create table accounts (
        id uuid primary key,
        member_id uuid unique references members(id),
        username text unique,
        status text not null,
        password_hash text,
        activated_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (member_id is not null or username is not null)
      );

      create table sessions (
        token_hash text primary key,
        account_id uuid not null references accounts(id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz
      );
      create index sessions_account on sessions (account_id);

      create table role_assignments (
        id uuid primary key,
        account_id uuid not null references accounts(id),
        org_id uuid not null references organizations(id),
        role text not null,
        created_at timestamptz not null default now(),
        unique (account_id, org_id, role)
      );
      create index role_assignments_org on role_assignments (org_id);

      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor_account_id uuid,
        action text not null,
        org_id uuid,
        target_type text,
        target_id text,
        detail jsonb not null default '{}'::jsonb
      );
      create index audit_log_org on audit_log (org_id, id);
`)
