import PhotoroomPipeline
import Testing

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("**/*.jpg", "a.jpg", true), ("**/*.jpg", "shoes/a.jpg", true), ("**/*.jpg", "a/b/c.JPG", true),
        ("*.jpg", "shoes/a.jpg", false), ("shoes/*", "shoes/a.png", true), ("shoes/*", "shoes/x/a.png", false),
        ("**/*.{jpg,png}", "x/y.png", true), ("**/*.{jpg,png}", "x/y.gif", false), ("img-??.png", "img-01.png", true),
        ("**/drafts/**", "a/drafts/b/c.jpg", true), ("[ab]*.jpg", "c.jpg", false),
    ])
    func matches(glob: String, path: String, expected: Bool) throws {
        let pattern = try #require(GlobPattern(glob))
        #expect(pattern.matches(path) == expected)
    }

    @Test func badGlobsAreExplained() {
        #expect(GlobPattern.problem(in: "") != nil)
        #expect(GlobPattern.problem(in: "/abs/*.jpg") != nil)
        #expect(GlobPattern.problem(in: "**/*.{jpg") != nil)
        #expect(GlobPattern("**/*.{jpg") == nil)
    }
}
