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
}
