import Testing

@testable import PhotoroomBatchCLI

/// A key file may be a `.env` file: `PHOTOROOM_API_KEY=…` (with `export`, quotes, comments) gives the key itself,
/// not the whole assignment (which the API would refuse as a wrong key).
@Suite struct KeyFileFormTests {
    static let key = "pr_envform_0123456789abcdef"

    @Test(arguments: [
        "PHOTOROOM_API_KEY=\(key)\n",
        "# Photoroom\nexport PHOTOROOM_API_KEY=\"\(key)\"\n",
        "PHOTOROOM_API_KEY = '\(key)'\n",
        "\(key)\n",
    ])
    func aDotEnvAssignmentGivesTheKey(text: String) throws {
        let key = try APIOptions.key(inFile: text, named: "key.env")
        #expect(key.redact(Self.key) == key.masked, "the key read is exactly \(key.masked)")
    }

    @Test func otherAssignmentsAreNotTakenApart() {
        #expect(APIOptions.valueOfAssignment("OTHER_KEY=abc") == "OTHER_KEY=abc")
        #expect(APIOptions.valueOfAssignment("PHOTOROOM_API_KEYS=abc") == "PHOTOROOM_API_KEYS=abc")
        #expect(APIOptions.valueOfAssignment("PHOTOROOM_API_KEY=abc") == "abc", "positive control")
    }
}
