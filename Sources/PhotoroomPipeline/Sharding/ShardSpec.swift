import Foundation

/// `--shard K/N`: this process takes part K of N (1-based, as Playwright and Jest write it).
///
/// Which part an input belongs to is decided by ``ShardAssignment``: a fixed hash of the input's relative path,
/// the same on every machine and every run, so re-runs and resumes stay in their part.
public struct ShardSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The part this process takes, 1...``count``.
    public let index: Int
    /// How many parts the input tree is split into.
    public let count: Int
    /// What inputs are assigned by: their relative path (the default) or their content.
    public var key: ShardKey = .path

    /// The most parts a tree can be split into (a Kubernetes Indexed Job allows 100,000 completions).
    public static let maximumCount = 100_000

    /// A part, checked.
    ///
    /// - Throws: ``ShardSpecError`` when `index` is not in 1...`count` or `count` is not in 1...``maximumCount``.
    public init(index: Int, count: Int) throws(ShardSpecError) {
        let text = "\(index)/\(count)"
        guard count >= 1 else {
            throw ShardSpecError(text, "N must be at least 1 (K/N is part K of N parts, e.g. 2/3)")
        }
        guard count <= Self.maximumCount else {
            throw ShardSpecError(text, "N must be at most \(Self.maximumCount)")
        }
        guard index >= 1 else {
            throw ShardSpecError(text, "parts are numbered from 1: the first part of \(count) is 1/\(count)")
        }
        guard index <= count else {
            throw ShardSpecError(
                text,
                "there are only \(count) parts: K must be 1...\(count)"
                    + " (a 0-based index such as JOB_COMPLETION_INDEX needs +1)"
            )
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (`2/3`): whole numbers, K in 1...N; ` by content` may follow (the form ``description``
    /// writes).
    ///
    /// - Throws: ``ShardSpecError`` with a message that says what is wrong and how to write it.
    public init(parsing text: String, key: ShardKey = .path) throws(ShardSpecError) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        var key = key
        if trimmed.hasSuffix(" by content") {
            key = .content
            trimmed = String(trimmed.dropLast(" by content".count)).trimmingCharacters(in: .whitespaces)
        }
        let pieces = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            throw ShardSpecError(text, "expected K/N, part K of N parts (e.g. 2/3)")
        }
        guard let index = Self.wholeNumber(pieces[0]), let count = Self.wholeNumber(pieces[1]) else {
            throw ShardSpecError(text, "K and N must be whole numbers, as in 2/3")
        }
        try self.init(index: index, count: count)
        self.key = key
    }

    /// Digits only (no sign, no spaces), small enough for an `Int`.
    private static func wholeNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// `2/3`, or `2/3 by content`.
    public var description: String { "\(index)/\(count)" + (key == .content ? " by content" : "") }

    /// The parts the same tree is split into (1/N ... N/N), by the same key.
    public var allParts: [ShardSpec] {
        (1...count).compactMap {
            var part = try? ShardSpec(index: $0, count: count)
            part?.key = key
            return part
        }
    }

    /// `part-2-of-3`: the suffix of this part's manifest, journal, lock and temporary folder.
    public var fileSuffix: String { "part-\(index)-of-\(count)" }

    /// `part 2 of 3`.
    public var wording: String { "part \(index) of \(count)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let spec: ShardSpec
        do {
            spec = try ShardSpec(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
        self = spec
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A `--shard` value that cannot be used (exit 64).
public struct ShardSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was given.
    public var given: String
    /// What is wrong and how to write it: `--shard 0/3: parts are numbered from 1: ...`.
    public var message: String

    init(_ given: String, _ reason: String) {
        self.given = given
        self.message = "--shard \(given): \(reason)"
    }

    public var description: String { message }
}
