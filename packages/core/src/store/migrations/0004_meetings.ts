/**
 * 0004: cell meetings — a minimal documents table (extended by the documents issue), meetings,
 * their participants (invitation, RSVP and attendance in one row per expected member), attached
 * documents with per-member receipts, votes, minutes with amendments (final minutes are guarded by
 * a trigger: no update or delete), and members' inboxes.
 *
 * @since 0.2.0
 */
import { script } from "./script.js"

/** @since 0.2.0 @category migrations */
export const migration = script(`
      create table documents (
        id uuid primary key,
        symbol text not null unique,
        kind text not null,
        issuing_organ text not null,
        issued_on date not null,
        title text not null,
        confidentiality text not null check (confidentiality in ('PUBLIC', 'INTERNAL')),
        created_at timestamptz not null default now()
      );

      create table meetings (
        id uuid primary key,
        org_id uuid not null references organizations(id),
        province_id uuid,
        series_id uuid,
        kind text not null check (kind in ('regular_monthly', 'thematic', 'extraordinary', 'cell_committee', 'admission_ceremony')),
        status text not null check (status in ('draft', 'scheduled', 'in_progress', 'concluded', 'published', 'cancelled')),
        starts_at timestamptz not null,
        ends_at timestamptz,
        place text not null,
        topic text not null,
        agenda jsonb not null default '[]'::jsonb,
        chair_id uuid references members(id),
        minute_taker_id uuid references members(id),
        quorum_policy jsonb not null,
        checkin_secret text not null,
        checkin_code text,
        cancelled_reason text,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (ends_at is null or ends_at > starts_at)
      );
      create index meetings_org_starts on meetings (org_id, starts_at, id);
      create index meetings_starts on meetings (starts_at);

      create table meeting_participants (
        meeting_id uuid not null references meetings(id),
        member_id uuid not null references members(id),
        category text not null check (category in ('official', 'probationary', 'temporary', 'exempt', 'other')),
        invited_at timestamptz,
        read_at timestamptz,
        rsvp text check (rsvp in ('attending', 'excused')),
        rsvp_reason text,
        rsvp_at timestamptz,
        attendance text check (attendance in ('present', 'absent_with_reason', 'absent_without_reason', 'not_required')),
        absence_reason text,
        checked_in_at timestamptz,
        check_in_method text check (check_in_method in ('qr', 'code', 'secretary')),
        failed_code_attempts int not null default 0,
        recorded_by uuid,
        on_behalf_of uuid,
        channel text check (channel in ('app', 'paper', 'phone', 'in_person')),
        updated_at timestamptz not null default now(),
        primary key (meeting_id, member_id)
      );
      create index meeting_participants_member on meeting_participants (member_id, meeting_id);

      create table meeting_documents (
        meeting_id uuid not null references meetings(id),
        document_id uuid not null references documents(id),
        attached_at timestamptz not null default now(),
        attached_by uuid,
        primary key (meeting_id, document_id)
      );

      create table document_receipts (
        meeting_id uuid not null references meetings(id),
        document_id uuid not null references documents(id),
        member_id uuid not null references members(id),
        delivered_at timestamptz not null default now(),
        opened_at timestamptz,
        acknowledged_at timestamptz,
        reminded_at timestamptz,
        recorded_by uuid,
        on_behalf_of uuid,
        channel text check (channel in ('app', 'paper', 'phone', 'in_person')),
        primary key (meeting_id, document_id, member_id)
      );

      create table meeting_votes (
        id uuid primary key,
        meeting_id uuid not null references meetings(id),
        subject text not null,
        kind text not null check (kind in ('ordinary', 'admission', 'official_recognition', 'probationary_removal')),
        subject_member_id uuid references members(id),
        eligible int not null,
        yes int not null check (yes >= 0),
        no int not null check (no >= 0),
        abstain int not null check (abstain >= 0),
        threshold text not null,
        yes_needed int not null,
        passed boolean not null,
        denominator jsonb not null,
        recorded_by uuid,
        created_at timestamptz not null default now(),
        check (yes + no + abstain <= eligible)
      );
      create index meeting_votes_meeting on meeting_votes (meeting_id, created_at);

      create table meeting_minutes (
        meeting_id uuid primary key references meetings(id),
        status text not null check (status in ('draft', 'final')),
        contents text not null,
        opinions text not null default '',
        conclusions text not null default '',
        guests jsonb not null default '[]'::jsonb,
        counts jsonb not null,
        chair_approved_at timestamptz,
        chair_approval jsonb,
        minute_taker_approved_at timestamptz,
        minute_taker_approval jsonb,
        finalized_at timestamptz,
        updated_by uuid,
        updated_at timestamptz not null default now()
      );

      create function meeting_minutes_final_guard() returns trigger language plpgsql as $$ begin if old.status = 'final' then raise exception 'final minutes are immutable: add an amendment'; end if; if tg_op = 'DELETE' then return old; end if; return new; end $$;
      create trigger meeting_minutes_final_guard before update or delete on meeting_minutes for each row execute function meeting_minutes_final_guard();

      create table meeting_minutes_amendments (
        id uuid primary key,
        meeting_id uuid not null references meeting_minutes(meeting_id),
        text text not null,
        reason text not null,
        recorded_by uuid,
        created_at timestamptz not null default now()
      );
      create index meeting_minutes_amendments_meeting on meeting_minutes_amendments (meeting_id, created_at);

      create table notifications (
        id uuid primary key,
        member_id uuid references members(id),
        account_id uuid references accounts(id),
        kind text not null,
        text jsonb not null,
        meeting_id uuid references meetings(id),
        data jsonb not null default '{}'::jsonb,
        delivered boolean not null default false,
        created_at timestamptz not null default now(),
        read_at timestamptz,
        check (member_id is not null or account_id is not null)
      );
      create index notifications_member on notifications (member_id, created_at, id);
      create index notifications_account on notifications (account_id, created_at, id)
`)
