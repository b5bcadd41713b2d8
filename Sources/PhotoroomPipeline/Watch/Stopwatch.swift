/// Time from an injected clock (`any Clock<Duration>`), read as the duration since the stopwatch was made, so code
/// can compare moments without knowing the clock's instant type. Tests pass a clock they move by hand.
struct Stopwatch: Sendable {
    private let readElapsed: @Sendable () -> Duration

    init(_ clock: any Clock<Duration>) {
        readElapsed = Self.reader(of: clock)
    }

    private static func reader<C: Clock>(of clock: C) -> @Sendable () -> Duration where C.Duration == Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// The time since the stopwatch was made.
    var elapsed: Duration { readElapsed() }
}
