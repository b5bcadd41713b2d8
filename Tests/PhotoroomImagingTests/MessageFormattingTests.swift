import Testing

@testable import PhotoroomImaging

@Suite struct MessageFormattingTests {
    @Test(arguments: [
        (0, "0 bytes"), (999, "999 bytes"), (1_000, "1 KB"), (12_345, "12.3 KB"), (30_000_000, "30 MB"),
        (31_250_000, "31.3 MB"),
    ])
    func byteSizes(bytes: Int, expected: String) {
        #expect(ByteSize.describe(bytes) == expected)
    }

    @Test(arguments: [(0.02, "0.02"), (25.0, "25"), (30.123, "30.12"), (0.5, "0.5"), (100.0, "100"), (0.004, "0")])
    func megapixels(value: Double, expected: String) {
        #expect(value.formatted2 == expected)
    }

    @Test func verdictDescriptionsReadWell() {
        let info = ImageInfo(
            format: .jpeg, width: 1200, height: 800, channels: 3, bitDepth: 8, colorModel: .ycbcr, hasAlpha: false,
            byteCount: 1000, checkedDepth: .full)
        #expect(ValidationVerdict(info: info, format: nil, issues: []).description == "valid: JPEG 1200x800")
        let warned = ValidationVerdict(info: info, format: nil, issues: [ValidationIssue(.cmyk, "CMYK JPEG")])
        #expect(warned.description == "valid-with-warnings: JPEG 1200x800; cmyk: CMYK JPEG")
        let refused = ValidationVerdict(
            info: info, format: .jpeg,
            issues: [ValidationIssue(.extensionMismatch, "named .png"), ValidationIssue(.truncated, "cut")])
        #expect(refused.status == .invalid)
        #expect(refused.info == nil)
        #expect(refused.issues.map(\.code) == [.truncated, .extensionMismatch])
        #expect(refused.description == "invalid: truncated: cut; extension-mismatch: named .png")
    }

    @Test func everyIssueCodeHasAStableHyphenatedName() {
        for code in ValidationIssue.Code.allCases {
            #expect(code.rawValue == code.rawValue.lowercased())
            #expect(!code.rawValue.contains("_") && !code.rawValue.contains(" "))
        }
        let errors = ValidationIssue.Code.allCases.filter { $0.severity == .error }.map(\.rawValue)
        #expect(
            Set(errors) == [
                "empty-file", "unreadable", "unsupported-format", "corrupt", "truncated", "too-large-file",
                "too-many-pixels", "invalid-for-settings",
            ])
    }
}
