import { describe, expect, it } from "vitest"
import { compareNames, fold, nameSortKey, normalizeText, searchTerms } from "../../src/rules/VietnameseText.js"

describe("fold", () => {
  it("removes case and diacritics", () => {
    expect(fold("Giàng Thị Ánh")).toBe("giang thi anh")
    expect(fold("Nguyễn Văn Ước")).toBe("nguyen van uoc")
  })
  it("folds đ, Đ and the lookalike Ð (U+00D0) to d", () => {
    expect(fold("Điêu")).toBe("dieu")
    expect(fold("đạt")).toBe("dat")
    expect(fold("\u00d0ào")).toBe("dao")
  })
  it("treats NFD and NFC input alike", () => {
    const nfd = "Điêu Thị Hằng".normalize("NFD")
    expect(fold(nfd)).toBe(fold("Điêu Thị Hằng"))
    expect(fold(nfd)).toBe("dieu thi hang")
  })
  it("collapses white space", () => {
    expect(fold("  Lò   Văn\tSơn ")).toBe("lo van son")
  })
  it("splits a query into folded terms", () => {
    expect(searchTerms(" Giàng  A ")).toEqual(["giang", "a"])
  })
})

describe("normalizeText", () => {
  it("stores names in NFC with the real Đ", () => {
    const stored = normalizeText("\u00d0inh Thị Hà".normalize("NFD"))
    expect(stored).toBe("Đinh Thị Hà")
    expect(stored).toBe(stored.normalize("NFC"))
  })
})

describe("Vietnamese name ordering", () => {
  const sorted = (names: Array<string>) => [...names].sort(compareNames)

  it("orders by given name first, then middle name, then surname", () => {
    expect(sorted(["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An"])).toEqual(["Trần Thị An", "Lê Văn An", "Nguyễn Văn Bình"])
  })
  it("breaks ties on the given name by the middle name before the surname", () => {
    expect(sorted(["Vũ Văn An", "Ân Thị An"])).toEqual(["Ân Thị An", "Vũ Văn An"])
    expect(sorted(["Bùi Văn An", "Bùi Thị An", "Hà Thị An"])).toEqual(["Bùi Thị An", "Hà Thị An", "Bùi Văn An"])
  })
  it("uses the Vietnamese alphabet: a ă â, d đ, e ê, o ô ơ, u ư", () => {
    expect(sorted(["Lê Ân", "Lê Ăn", "Lê An"])).toEqual(["Lê An", "Lê Ăn", "Lê Ân"])
    expect(sorted(["Lê Đông", "Lê Dũng", "Lê Em"])).toEqual(["Lê Dũng", "Lê Đông", "Lê Em"])
    expect(sorted(["Lê Ơn", "Lê Ôn", "Lê On", "Lê Pha"])).toEqual(["Lê On", "Lê Ôn", "Lê Ơn", "Lê Pha"])
    expect(sorted(["Lê Ưng", "Lê Uyên", "Lê Vân"])).toEqual(["Lê Uyên", "Lê Ưng", "Lê Vân"])
  })
  it("puts Đ after every D-word, unlike a plain code-point or accent-folding sort", () => {
    expect(sorted(["A Đào", "A Dương", "A Dao"])).toEqual(["A Dao", "A Dương", "A Đào"])
  })
  it("orders tones only as a tie-breaker: none, huyền, hỏi, ngã, sắc, nặng", () => {
    expect(sorted(["Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma"])).toEqual(["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"])
    expect(sorted(["Lê Mạnh", "Lê Mai"])).toEqual(["Lê Mai", "Lê Mạnh"])
  })
  it("puts a shorter given name before a longer one that starts the same", () => {
    expect(sorted(["Lò Anh", "Lò An"])).toEqual(["Lò An", "Lò Anh"])
  })
  it("gives NFD, NFC and lookalike-Ð spellings of a name the same key", () => {
    expect(nameSortKey("Điêu Chính Tới".normalize("NFD"))).toBe(nameSortKey("Điêu Chính Tới"))
    expect(nameSortKey("\u00d0iêu Chính Tới")).toBe(nameSortKey("Điêu Chính Tới"))
  })
  it("produces keys that sort the same with byte comparison (PostgreSQL COLLATE \"C\")", () => {
    const names = ["Giàng Seo Chứ", "Giàng A Dơ", "Điêu A Tủa", "Tòng Seo Đạt", "Hạng Thị Chi", "Lầu Chứ Sính"]
    const byKey = [...names].sort((a, b) => Buffer.compare(Buffer.from(nameSortKey(a)), Buffer.from(nameSortKey(b))))
    expect(byKey).toEqual(sorted(names))
  })
})
