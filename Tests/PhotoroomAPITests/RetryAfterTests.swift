import Foundation
import PhotoroomAPI
import Testing

/// `Retry-After` as delta-seconds or an HTTP-date, never trapping, clamped to 24 h at parse time.
@Suite struct RetryAfterTests {
    /// 1994-11-06 08:49:37 UTC, the RFC's example date.
    static let rfcDate = Date(timeIntervalSince1970: 784_111_777)

    @Test(arguments: [
        ("120", Duration.seconds(120)),
        ("  7 ", .seconds(7)),
        ("0", .zero),
        ("1.5", .milliseconds(1_500)),
        ("0.001", .milliseconds(1)),
        ("-5", .zero),
        ("1e20", .seconds(86_400)),
        ("99999999999999999999", .seconds(86_400)),
        ("86401", .seconds(86_400)),
        ("inf", .seconds(86_400)),
        ("-inf", .zero),
        // Dates, relative to the injected now (the RFC example minus one minute).
        ("Sun, 06 Nov 1994 08:49:37 GMT", .seconds(60)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", .seconds(60)),
        ("Sun Nov  6 08:49:37 1994", .seconds(60)),
        ("Sun, 06 Nov 1994 08:47:37 GMT", .zero),  // in the past: now
        ("Mon, 06 Nov 2095 08:49:37 GMT", .seconds(86_400)),  // a century ahead: capped
    ])
    func parses(_ value: String, _ expected: Duration) {
        let now = Self.rfcDate.addingTimeInterval(-60)
        #expect(RetryAfter.parse(value, now: now) == expected, "\(value)")
    }

    @Test(
        arguments: [
            nil, "", "soon", "NaN", "nan", "1,5", "12 seconds", "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "0x10", "--1", "1e", ".",
        ] as [String?])
    func refusesWhatIsNeitherForm(_ value: String?) {
        #expect(RetryAfter.parse(value, now: Self.rfcDate) == nil, "\(value ?? "nil")")
    }

    @Test func datesAreMeasuredFromTheInjectedNow() {
        let header = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(RetryAfter.parse(header, now: Self.rfcDate.addingTimeInterval(-3_600)) == .seconds(3_600))
        #expect(RetryAfter.parse(header, now: Self.rfcDate.addingTimeInterval(-0.5)) == .milliseconds(500))
    }
}
