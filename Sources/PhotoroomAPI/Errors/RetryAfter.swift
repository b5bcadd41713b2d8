import Foundation

/// Reads a `Retry-After` header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
///
/// Whatever a server sends, the result is a usable delay or `nil`; nothing here can trap. Delta-seconds may be an
/// integer or a decimal (`1.5`); negative values mean "now"; values above ``maximum`` (`1e20`,
/// `99999999999999999999`, `inf`) are clamped to it; `NaN` and text that is neither form give `nil`. Dates are
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms (RFC 850 and asctime); a date in the
/// past means "now".
public enum RetryAfter {
    /// The longest delay a header can ask for: 24 hours (the engine caps it further at `retry.maxDelayMs`).
    public static let maximum: Duration = .seconds(86_400)

    /// The delay `value` asks for, measured from `now` for dates.
    public static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = deltaSeconds(text) {
            return clamp(seconds)
        }
        if let date = httpDate(text) {
            return clamp(date - now.timeIntervalSince1970)
        }
        return nil
    }

    /// Seconds as a delay between zero and ``maximum``; `nil` for NaN.
    static func clamp(_ seconds: Double) -> Duration? {
        guard !seconds.isNaN else { return nil }
        let limit = Double(maximum.components.seconds)
        let bounded = min(max(seconds, 0), limit)
        return .milliseconds(Int64((bounded * 1000).rounded()))
    }

    /// A number of seconds: digits with an optional sign, fraction and exponent (`120`, `1.5`, `1e20`), or
    /// `inf`/`nan` as `Double` spells them.
    static func deltaSeconds(_ text: String) -> Double? {
        let allowed = Set("0123456789+-.eE")
        let lowered = text.lowercased()
        if ["inf", "+inf", "infinity", "+infinity"].contains(lowered) { return .infinity }
        if ["-inf", "-infinity"].contains(lowered) { return -.infinity }
        if lowered == "nan" { return .nan }
        guard text.allSatisfy(allowed.contains), text.contains(where: \.isNumber) else { return nil }
        return Double(text)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970 of an HTTP-date in any of its three forms, GMT.
    static func httpDate(_ text: String) -> Double? {
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        switch words.count {
        case 6 where words[5].uppercased() == "GMT":
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            (day, month, year, time) = (Int(words[1]), monthNumber(words[2]), Int(words[3]), clock(words[4]))
        case 4 where words[3].uppercased() == "GMT":
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let shortYear = Int(parts[2]) else { return nil }
            let fullYear = parts[2].count == 2 ? (shortYear < 70 ? 2000 + shortYear : 1900 + shortYear) : shortYear
            (day, month, year, time) = (Int(parts[0]), monthNumber(parts[1]), fullYear, clock(words[2]))
        case 5:
            // asctime: Sun Nov  6 08:49:37 1994
            (day, month, year, time) = (Int(words[2]), monthNumber(words[1]), Int(words[4]), clock(words[3]))
        default:
            return nil
        }
        guard let day, let month, let year, let time, (1...31).contains(day), (1...9999).contains(year) else {
            return nil
        }
        let days = daysSince1970(year: year, month: month, day: day)
        return Double(days) * 86_400 + Double(time.0 * 3600 + time.1 * 60 + time.2)
    }

    private static func monthNumber(_ word: String) -> Int? {
        months.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    private static func clock(_ word: String) -> (Int, Int, Int)? {
        let parts = word.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0...23).contains(parts[0]), (0...59).contains(parts[1]), (0...60).contains(parts[2])
        else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
