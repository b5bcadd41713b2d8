/// Human sizes for messages.
enum ByteSize {
    /// "512 bytes", "12.3 KB", "31.2 MB" (decimal units, as upload limits are stated).
    static func describe(_ bytes: Int) -> String {
        if bytes < 1_000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\((Double(bytes) / 1_000).formatted1) KB" }
        return "\((Double(bytes) / 1_000_000).formatted1) MB"
    }
}

extension Double {
    /// One decimal, without a trailing ".0" (e.g. "30", "31.2").
    var formatted1: String { formatted(decimals: 1) }

    /// Two decimals, trailing zeros dropped (e.g. "0.02", "25", "30.1").
    var formatted2: String { formatted(decimals: 2) }

    private func formatted(decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (self * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = Int(abs(scaled.truncatingRemainder(dividingBy: scale)))
        guard fraction != 0 else { return String(whole) }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let padded = String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
        return "\(self < 0 && whole == 0 ? "-" : "")\(whole).\(padded)"
    }
}
