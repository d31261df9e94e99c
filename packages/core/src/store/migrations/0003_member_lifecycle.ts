/**
 * 0003: the member lifecycle (transition history, readmission, admission decision date, contact
 * fields), transfers of Party activities (introduction letters and temporary placements), and
 * organization changes (merged and dissolved organizations are kept, not deleted).
 *
 * @since 0.2.0
 */
import { script } from "./script.js"

/** @since 0.2.0 @category migrations */
export const migration = script(`
      alter table members add column admission_decision_date date;
      alter table members add column readmitted_on date;
      alter table members add column email text;
      alter table members add column address text;
      create index members_province on members (province_id);

      create table member_transitions (
        id uuid primary key,
        member_id uuid not null references members(id),
        org_id uuid not null references organizations(id),
        kind text not null,
        from_status text,
        to_status text not null,
        effective_date date not null,
        decision_symbol text,
        decision_date date,
        reason text,
        votes_for int,
        votes_eligible int,
        recorded_at timestamptz not null default now(),
        recorded_by uuid
      );
      create index member_transitions_member on member_transitions (member_id, recorded_at, id);
      create index member_transitions_org on member_transitions (org_id);

      create table transfers (
        id uuid primary key,
        member_id uuid not null references members(id),
        kind text not null check (kind in ('official', 'temporary')),
        from_org_id uuid not null references organizations(id),
        to_org_id uuid not null references organizations(id),
        status text not null check (status in ('introduced', 'received', 'cancelled', 'ended')),
        letter_symbol text,
        issued_on date not null,
        until date,
        received_on date,
        ended_on date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (kind = 'official' or until is not null)
      );
      create index transfers_member on transfers (member_id, status);
      create index transfers_to on transfers (to_org_id, status);
      create index transfers_from on transfers (from_org_id, status);
      create unique index transfers_one_open on transfers (member_id) where status = 'introduced';
      create unique index transfers_one_temporary on transfers (member_id) where status = 'received' and kind = 'temporary';

      create view member_placements as
        select m.id as member_id, m.org_id, 'official'::text as kind, m.admission_date as since, null::date as until, null::uuid as transfer_id
        from members m
        union all
        select t.member_id, t.to_org_id, 'temporary'::text, t.received_on, t.until, t.id
        from transfers t where t.kind = 'temporary' and t.status = 'received';

      alter table organizations add column merged_into uuid references organizations(id);
      alter table organizations add column closed_at timestamptz;
      alter table organizations add constraint organizations_status check (status in ('active', 'merged', 'dissolved'))
`)
