/**
 * 0007: the accounts trigger that fills in an account's province (migration 0002) fires only when
 * there is something to fill in. Writers that give the province with the row (the registry
 * importer, 100,000 accounts at a time) no longer pay a PL/pgSQL call per row.
 *
 * @since 0.3.0
 */
import { script } from "./script.js"

/** @since 0.3.0 @category migrations */
export const migration = script(`
      drop trigger accounts_province on accounts;
      create trigger accounts_province before insert on accounts for each row when (new.province_id is null and new.member_id is not null) execute function sotay_account_province()
`)
