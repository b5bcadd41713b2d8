/// Why a run could not start or its bookkeeping failed (per-item failures are rows, not errors).
public struct RunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A bad option or configuration value (exit 64).
        public static let usage = Code("usage")
        /// OUT_DIR is INPUT_DIR or inside it (exit 64).
        public static let outputInsideInput = Code("output-inside-input")
        /// A file could not be read or written.
        public static let io = Code("io")
        /// The journal or manifest is not in a format this tool reads.
        public static let corruptState = Code("corrupt-state")
        /// The account could not be read (plan or balance unknown).
        public static let accountUnavailable = Code("account-unavailable")
        /// Another process holds OUT_DIR's lock (exit 75, EX_TEMPFAIL).
        public static let locked = Code("locked")
        /// The plan's costs are unknown.
        public static let unknownPlan = Code("unknown-plan")
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
    /// The code alone, without dynamic values (for logs and metrics).
    public var shortDescription: String { code.description }
}
