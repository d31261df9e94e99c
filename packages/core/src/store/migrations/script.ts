/**
 * Helpers for writing migrations.
 *
 * @since 0.1.0
 */
import { type Kysely, type Migration, sql } from "kysely"

/** Runs a script of `;`-separated statements one by one (prepared statements take one command). */
/**
 * A migration from a SQL script of `;`-separated statements, run one by one (a prepared
 * statement takes one command). Each migration is frozen once released: never edit one, add the next.
 *
 * @since 0.1.0
 * @category constructors
 */
export const script = (text: string): Migration => ({
  async up(db: Kysely<any>) {
    for (const statement of text.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0)) {
      await sql.raw(statement).execute(db)
    }
  }
})

