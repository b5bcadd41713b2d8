import Foundation
import PhotoroomAPI
import Testing

@Suite struct APIKeyTests {
    @Test func neverPrintsItself() throws {
        let key = try #require(APIKey("sk_live_0123456789abcdef"))
        #expect(!"\(key)".contains("0123456789"))
        #expect(!String(reflecting: key).contains("0123456789"))
        #expect(key.masked == "…cdef")
        #expect(key.redact("refused sk_live_0123456789abcdef here") == "refused …cdef here")
    }

    @Test func sandboxKeysAreRecognised() throws {
        let key = try #require(APIKey(" sandbox_0123456789abcdef\n"))
        #expect(key.isSandbox)
        #expect(key.masked == "sandbox_…cdef")
        #expect(APIKey("   ") == nil)
    }

    /// A key with a space or control character inside can never travel in a header: refused, saying where, and
    /// never quoting the key.
    @Test func aKeyWithWhiteSpaceOrControlCharactersInsideIsRefused() {
        for (text, position) in [
            ("ab cd", 3), ("abc\n# note", 4), ("ab\u{7}cd", 3), ("ab\tcd", 3), ("a\u{200B}b", 2), ("abcd", 0),
        ] {
            do {
                _ = try APIKey.checked(text)
                #expect(position == 0, "\(text.debugDescription) was accepted")
            } catch {
                #expect(error == .whiteSpaceOrControlCharacter(position: position), "\(text.debugDescription)")
                #expect(!error.description.contains("ab"))
            }
            #expect((APIKey(text) == nil) == (position != 0))
        }
        #expect(throws: APIKey.Problem.empty) { try APIKey.checked(" \n\t ") }
        #expect((try? APIKey.checked("  sk_live_1234  \n"))?.masked == "…1234")
    }

    /// Redaction covers the forms a message echoing request data gives the key.
    @Test func redactionCoversEscapedAndEncodedForms() throws {
        let raw = "pr_LEAK/CHECK+7d3f9a1c5e2b"
        let key = try #require(APIKey(raw))
        let json = String(decoding: try JSONEncoder().encode(raw), as: UTF8.self).dropFirst().dropLast()
        let doubleJSON = String(decoding: try JSONEncoder().encode(String(json)), as: UTF8.self)
        let encoded = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let forms = [
            raw, String(json), doubleJSON, raw.debugDescription, encoded, encoded.lowercased(),
            encoded.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            "pr_LEAK\\u002fCHECK\\u{2B}7d3f9a1c5e2b", raw.uppercased(),
            "invalidHeaderFieldValues([\"\(raw)\"])",
        ]
        for form in forms {
            let redacted = key.redact("refused \(form) here")
            #expect(!redacted.lowercased().contains("7d3f9a1c"), "\(form) -> \(redacted)")
            #expect(redacted.contains("…5e2b"), "\(form) -> \(redacted)")
        }
        // Positive control: text without the key is left alone, other keys too.
        #expect(key.redact("pr_LEAK/CHECK+7d3f9a1c5e2c is another key") == "pr_LEAK/CHECK+7d3f9a1c5e2c is another key")
    }
}
