import Foundation

/// One line of the JSON-lines request log. The API key is never part of it.
struct RequestLogEntry: Codable, Sendable {
    /// When the request started (ISO 8601).
    var time: Date
    /// `GET`, `POST`, ...
    var method: String
    /// The path without the query string.
    var path: String
    /// The HTTP status, or nil when the connection was dropped on purpose.
    var status: Int?
    /// `ok`, `error`, or `dropped`.
    var outcome: String
    /// Images charged.
    var charged: Decimal
    /// Milliseconds from the start of the request to the response head.
    var durationMs: Double
    /// Names of the parameters sent (values are left out).
    var parameters: [String]
}

/// Appends ``RequestLogEntry`` lines to a file, one JSON object per line.
actor RequestLog {
    private let handle: FileHandle
    private let encoder: JSONEncoder

    /// Opens (creating or appending to) the log at `path`.
    ///
    /// - Throws: ``EmulatorStartError`` when the file cannot be opened.
    init(path: String) throws(EmulatorStartError) {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw EmulatorStartError(code: .requestLog, message: "cannot create the request log at \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw EmulatorStartError(code: .requestLog, message: "cannot open the request log at \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        self.encoder = encoder
    }

    /// Writes one entry as a line.
    func write(_ entry: RequestLogEntry) {
        guard var data = try? encoder.encode(entry) else { return }
        data.append(0x0A)
        handle.write(data)
    }

    deinit {
        try? handle.close()
    }
}
