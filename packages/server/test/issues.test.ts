/**
 * The framework's decode issues as the API shows them (`http/Issues.ts`): merged, without echoes,
 * and in Vietnamese for a Vietnamese reader.
 */
import { describe, expect, it } from "vitest"
import { describeIssues, type Issue, translateVi } from "../src/http/Issues.js"

const type = (path: Array<string>, message: string): Issue => ({ _tag: "Type", path, message })

describe("decode issues", () => {
  it("merge a union's literals that all failed on the same value into one issue", () => {
    const issues = [type(["kind"], "Expected \"a\", actual \"x\""), type(["kind"], "Expected \"b\", actual \"x\""), type(["kind"], "Expected 3, actual \"x\"")]
    expect(describeIssues(issues, "en")).toEqual([type(["kind"], "Expected one of \"a\" | \"b\" | 3, actual \"x\"")])
    expect(describeIssues(issues, "vi")).toEqual([type(["kind"], "phải là một trong \"a\", \"b\", 3 (nhận được \"x\")")])
  })
  it("leave different failures of one field, and failures of different fields, apart", () => {
    const issues = [type(["kind"], "Expected \"a\", actual \"x\""), type(["kind"], "Expected string, actual 5"), type(["place"], "Expected \"a\", actual \"x\"")]
    expect(describeIssues(issues, "en")).toEqual(issues)
  })
  it("drop an optional query parameter's \"Expected undefined\" beside its real problem, not alone", () => {
    const echo = type(["limit"], "Expected undefined, actual \"abc\"")
    const real: Issue = { _tag: "Transformation", path: ["limit"], message: "Unable to decode \"abc\" into a number" }
    expect(describeIssues([real, echo], "en")).toEqual([real])
    expect(describeIssues([echo], "en")).toEqual([echo])
    const part: Issue = { _tag: "Refinement", path: ["agenda", 1], message: "must contain more than spaces" }
    expect(describeIssues([part, type(["agenda"], "Expected undefined, actual [\"a\",\" \"]")], "en")).toEqual([part])
  })
  it("say Effect Schema's standard messages in Vietnamese, and leave unknown ones as they are", () => {
    const cases: Array<[string, string]> = [
      ["is missing", "bắt buộc, chưa có"],
      ["is unexpected, expected: \"a\" | \"b\"", "không có trường này; các trường nhận: \"a\" | \"b\""],
      ["Expected a string at least 1 character(s) long, actual \"\"", "phải có ít nhất 1 ký tự (nhận được \"\")"],
      ["Expected a string at most 500 character(s) long, actual \"…\"", "tối đa 500 ký tự (nhận được \"…\")"],
      ["Expected a number between 1 and 200, actual 0", "phải là số từ 1 đến 200 (nhận được 0)"],
      ["Expected an integer, actual 1.5", "phải là số nguyên (nhận được 1.5)"],
      ["Expected a non-negative number, actual -1", "không được là số âm (nhận được -1)"],
      ["Unable to decode \"x\" into a number", "không đọc được \"x\" thành số"],
      ["Expected string, actual 5", "phải là chuỗi ký tự (nhận được 5)"],
      ["Expected number, actual \"5\"", "phải là số (nhận được \"5\")"],
      ["Expected boolean, actual \"yes\"", "phải là true hoặc false (nhận được \"yes\")"],
      ["Expected ReadonlyArray<string>, actual \"a\"", "phải là một danh sách (nhận được \"a\")"],
      ["Expected { readonly login: string }, actual []", "phải là một đối tượng JSON (nhận được [])"],
      ["Expected a Universally Unique Identifier, actual \"x\"", "phải là một mã UUID (nhận được \"x\")"],
      ["a real calendar date YYYY-MM-DD between 1850 and 2200", "phải là một ngày có thật, dạng YYYY-MM-DD, từ năm 1850 đến năm 2200"],
      ["Expected a real calendar date YYYY-MM-DD between 1850 and 2200, actual \"2025-02-30\"",
        "phải là một ngày có thật, dạng YYYY-MM-DD, từ năm 1850 đến năm 2200 (nhận được \"2025-02-30\")"],
      ["must contain more than spaces", "không được chỉ có khoảng trắng"],
      ["Expected something new, actual 1", "Expected something new, actual 1"],
      ["không được chứa ký tự NUL (\\u0000)", "không được chứa ký tự NUL (\\u0000)"]
    ]
    for (const [en, vi] of cases) expect(translateVi(en), en).toBe(vi)
  })
})
