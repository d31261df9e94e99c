/**
 * Vietnamese text rules: folding for search and the collation of personal names.
 *
 * @since 0.1.0
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g

/**
 * Brings text to NFC and replaces the lookalike capital eth "Ð" (U+00D0), which Excel and some
 * legacy fonts put where "Đ" (U+0110) belongs, so that stored names are canonical.
 *
 * @since 0.1.0
 * @category rules
 */
export const normalizeText = (text: string): string =>
  text.normalize("NFC").replace(/\u00d0/g, "\u0110").replace(/\u00f0/g, "\u0111").replace(/\s+/g, " ").trim()

/**
 * Folds text for accent- and case-insensitive search: NFC, lower case, diacritics removed,
 * "đ"/"Đ" and the lookalike "Ð" (U+00D0) become "d", runs of white space become one space.
 *
 * @example
 * fold("Điêu Thị Ðào") // "dieu thi dao"
 *
 * @since 0.1.0
 * @category rules
 */
export const fold = (text: string): string =>
  text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u0111\u00f0]/g, "d")
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/\s+/g, " ")
    .trim()

/** The Vietnamese alphabet in dictionary order; f, j, w and z only occur in loan words. */
const LETTERS = [
  "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
  "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"
] as const

/** Tone marks in dictionary order: none, huyền, hỏi, ngã, sắc, nặng. */
const TONES: Record<string, number> = {
  "\u0300": 1, // huyền (grave)
  "\u0309": 2, // hỏi (hook above)
  "\u0303": 3, // ngã (tilde)
  "\u0301": 4, // sắc (acute)
  "\u0323": 5 // nặng (dot below)
}

/** Vowel shapes that are letters of their own, not tones. */
const SHAPES: Record<string, Record<string, string>> = {
  a: { "\u0306": "ă", "\u0302": "â" },
  e: { "\u0302": "ê" },
  o: { "\u0302": "ô", "\u031b": "ơ" },
  u: { "\u031b": "ư" }
}

const LETTER_CODE = new Map<string, string>(LETTERS.map((letter, i) => [letter, String.fromCharCode(0x41 + i)]))

interface Decomposed {
  readonly primary: string
  readonly tones: string
}

/** Names repeat a small vocabulary of syllables: their decompositions are kept (bounded). */
const decomposed = new Map<string, Decomposed>()

/** Splits one word into its base letters (with ă â đ ê ô ơ ư as letters) and its tone marks. */
const decompose = (word: string): Decomposed => {
  const known = decomposed.get(word)
  if (known) return known
  const result = decomposeWord(word)
  if (decomposed.size >= 50_000) decomposed.clear()
  decomposed.set(word, result)
  return result
}

const decomposeWord = (word: string): Decomposed => {
  let primary = ""
  let tones = ""
  for (const char of word.normalize("NFC").toLowerCase().replace(/\u00f0/g, "đ")) {
    if (char === "đ") {
      primary += LETTER_CODE.get("đ")
      tones += "0"
      continue
    }
    const [base = "", ...marks] = char.normalize("NFD")
    let letter = base
    let tone = 0
    for (const mark of marks) {
      const shaped = SHAPES[letter]?.[mark]
      if (shaped) letter = shaped
      else if (TONES[mark] !== undefined) tone = TONES[mark]
    }
    const code = LETTER_CODE.get(letter)
    if (code) {
      primary += code
      tones += String(tone)
    } else if (/[0-9]/.test(letter)) {
      primary += letter // digits (0x30–0x39) sort before letters
      tones += "0"
    }
  }
  return { primary, tones }
}

/**
 * A sort key for a Vietnamese personal name, comparable byte by byte (PostgreSQL `COLLATE "C"`
 * or JavaScript `<`): by given name (the last word), then the middle names, then the surname,
 * in Vietnamese letter order (a ă â b c d đ e ê … o ô ơ … u ư …), with tones as a tie-breaker.
 *
 * @since 0.1.0
 * @category rules
 */
export const nameSortKey = (fullName: string): string => {
  const words = normalizeText(fullName).split(" ").filter((w) => w.length > 0)
  const ordered = words.length <= 1 ? words : [words[words.length - 1]!, ...words.slice(1, -1), words[0]!]
  const parts = ordered.map(decompose)
  // Words are joined by "!" (0x21) and the tone section follows a space (0x20): a shorter name
  // sorts before a longer one that starts the same, and tones only break ties.
  return `${parts.map((p) => p.primary).join("!")} ${parts.map((p) => p.tones).join("!")}`
}

/**
 * Compares two Vietnamese personal names by {@link nameSortKey}.
 *
 * @since 0.1.0
 * @category rules
 */
export const compareNames = (a: string, b: string): number => {
  const ka = nameSortKey(a)
  const kb = nameSortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * The words of a folded search query, for word-prefix matching against folded names.
 *
 * @since 0.1.0
 * @category rules
 */
export const searchTerms = (query: string): ReadonlyArray<string> =>
  fold(query).split(" ").filter((term) => term.length > 0).slice(0, 8)
