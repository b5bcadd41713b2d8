/// Why the emulator could not start.
public struct EmulatorStartError: Error, Sendable, CustomStringConvertible {
    /// A stable kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Storage: String {
            case unknownPlan = "unknown-plan"
            case requestLog = "request-log"
            case invalid, bind
        }
        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// The configured plan has no known costs.
        public static let unknownPlan = Code(.unknownPlan)
        /// The request log file could not be opened.
        public static let requestLog = Code(.requestLog)
        /// A configuration value is out of range.
        public static let invalid = Code(.invalid)
        /// The server could not bind its address.
        public static let bind = Code(.bind)

        public var description: String { storage.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "emulator: \(message) (\(cause))" }
        return "emulator: \(message)"
    }
}
