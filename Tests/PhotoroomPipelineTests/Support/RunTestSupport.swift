import Foundation
import PhotoroomAPI
import PhotoroomImaging
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// A fresh temporary directory with `in/` and `out/` inside, removed afterwards.
func withRunDirectories<T>(_ body: (URL, URL) async throws -> T) async throws -> T {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("run-tests-\(UUID().uuidString)", isDirectory: true)
    let input = root.appendingPathComponent("in", isDirectory: true)
    let output = root.appendingPathComponent("out", isDirectory: true)
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    return try await body(input, output)
}

/// Writes `contents` at `relativePath` under `directory` and returns the input record.
@discardableResult
func writeRunInput(_ directory: URL, _ relativePath: String, _ contents: String) throws -> RunInput {
    let url = directory.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: url)
    return RunInput(url: url, relativePath: relativePath)
}

/// Every regular file under `directory`, as run inputs sorted by path (a stand-in for the scanner).
func runInputs(in directory: URL) -> [RunInput] {
    let base = directory.resolvingSymlinksInPath().path
    var inputs: [RunInput] = []
    let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
        let path = url.resolvingSymlinksInPath().path
        let relative = String(path.dropFirst(base.count + 1))
        inputs.append(RunInput(url: url, relativePath: relative))
    }
    return inputs.sorted { $0.relativePath < $1.relativePath }
}

/// Validates by content: a file whose text starts with `BAD` is invalid, anything else is a 10×10 PNG.
struct ContentInspector: InputInspecting {
    func inspect(fileAt url: URL) async -> InputInspection {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if text.hasPrefix("BAD") {
            return InputInspection(problems: [
                .init(code: "corrupt", message: "\(url.lastPathComponent) is not an image")
            ])
        }
        return InputInspection(format: "png", width: 10, height: 10)
    }
}

/// A scripted stand-in for the Photoroom API: it keeps a balance, bills successful edits, writes a result,
/// injects faults by call number, and records what it saw (calls, peak concurrency, charges per file).
actor FakePhotoroom: EditSubmitting, AccountReading {
    /// What a scripted call does instead of succeeding.
    enum Fault: Sendable {
        case status(Int, String, retryAfter: Duration? = nil)
        /// The call is billed, then the connection drops before the result arrives.
        case dropAfterBilling
        /// The connection drops before the upload completes (free).
        case dropBeforeUpload
    }

    var balance: Decimal
    let plan: Plan
    let costPerEdit: Decimal
    private(set) var calls = 0
    private(set) var inFlight = 0
    private(set) var peakInFlight = 0
    private(set) var chargesByFile: [String: Int] = [:]
    private(set) var accountReads = 0
    /// The bytes each call carried from memory (`inputContents`), by input path; absent when it streamed the file.
    private(set) var heldInputs: [String: [UInt8]] = [:]
    var latency: Duration
    var script: [Int: Fault] = [:]
    /// A fault decided from the call number and the file name, when the script has none.
    var rule: (@Sendable (Int, String) -> Fault?)?

    init(balance: Decimal, plan: Plan = .basic, latency: Duration = .milliseconds(2)) {
        self.balance = balance
        self.plan = plan
        self.costPerEdit = plan == .basic ? 5 : 1
        self.latency = latency
    }

    /// When set, the account endpoint fails with it.
    var accountFailure: PhotoroomAPIError?

    func setScript(_ script: [Int: Fault]) { self.script = script }
    func setAccountFailure(_ failure: PhotoroomAPIError?) { accountFailure = failure }
    func setRule(_ rule: @escaping @Sendable (Int, String) -> Fault?) { self.rule = rule }
    func topUp(_ amount: Decimal) { balance += amount }
    var totalCharged: Int { chargesByFile.values.reduce(0, +) }

    func account() async throws(PhotoroomAPIError) -> AccountDetails {
        accountReads += 1
        if let accountFailure { throw accountFailure }
        return AccountDetails(plan: plan, available: balance, subscription: 100, source: .v2)
    }

    func edit(_ request: EditRequest) async throws(PhotoroomAPIError) -> EditResponse {
        calls += 1
        if let held = request.inputContents { heldInputs[request.inputPath] = held }
        let number = calls
        inFlight += 1
        peakInFlight = max(peakInFlight, inFlight)
        defer { inFlight -= 1 }
        do {
            try await Task.sleep(for: latency)
        } catch {
            throw PhotoroomAPIError(code: .network, message: "cancelled")
        }
        let fault = script[number] ?? rule?(number, request.fileName)
        switch fault {
        case .status(let status, let message, let retryAfter)?:
            throw PhotoroomAPIError(
                code: Self.code(for: status),
                message: message,
                httpStatus: status,
                retryAfter: retryAfter
            )
        case .dropBeforeUpload?:
            throw PhotoroomAPIError(code: .network, message: "connection reset before the upload ended")
        case .dropAfterBilling?:
            guard bill(request) else { throw Self.paymentRequired }
            throw PhotoroomAPIError(code: .outcomeUnknown, message: "connection dropped after the upload")
        case nil:
            break
        }
        guard bill(request) else { throw Self.paymentRequired }
        let result = Self.result(for: request.fileName)
        _ = FileManager.default.createFile(atPath: request.destinationPath, contents: result)
        return EditResponse(
            status: 200,
            contentType: "image/png",
            bytesWritten: Int64(result.count),
            uncertaintyScore: 0.25,
            aiBackgroundSeed: "42",
            duration: latency
        )
    }

    private func bill(_ request: EditRequest) -> Bool {
        guard balance >= costPerEdit else { return false }
        balance -= costPerEdit
        chargesByFile[request.inputPath, default: 0] += 1
        return true
    }

    /// The result the fake answers for `fileName`: a small PNG whose colour depends on the name, so it passes
    /// the engine's result check and different inputs get different results.
    static func result(for fileName: String) -> Data {
        var hash: UInt32 = 2_166_136_261
        for byte in fileName.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let image = RGBAImage(
            width: 4, height: 4, fill: (UInt8(hash & 0xFF), UInt8((hash >> 8) & 0xFF), UInt8((hash >> 16) & 0xFF), 255))
        return Data((try? ImageCodec.encodePNG(image)) ?? [])
    }

    static let paymentRequired = PhotoroomAPIError(
        code: .paymentRequired,
        message: "API credits exhausted",
        httpStatus: 402
    )

    static func code(for status: Int) -> PhotoroomAPIError.Code {
        switch status {
        case 400: .badRequest
        case 401: .unauthorized
        case 402: .paymentRequired
        case 403: .forbidden
        case 429: .rateLimited
        case 500...599: .serverError
        default: .unexpectedStatus
        }
    }
}

/// Collects a run's events.
actor RunEventRecorder: RunEventSink {
    private(set) var events: [RunEvent] = []
    func handle(_ event: RunEvent) async { events.append(event) }
}

/// Options for tests: fast retries, a fixed tool version.
func testRunOptions(
    input: URL,
    output: URL,
    inputs: [RunInput]? = nil,
    edit: [String: String] = [:],
    plan: RunOptions.PlanChoice = .auto,
    concurrency: Int = 3
) -> RunOptions {
    RunOptions(
        inputDirectory: input,
        outputDirectory: output,
        inputs: inputs ?? runInputs(in: input),
        edit: EditSettings(parameters: edit),
        plan: plan,
        concurrency: concurrency,
        retry: RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(1), maxDelay: .milliseconds(20)),
        toolVersion: "test"
    )
}

/// Options that scan INPUT_DIR at the start of preflight, as the `run` and `watch` commands do (a watch scans once
/// its watcher started, so a file written right after the watch was started is never missed).
func scanningRunOptions(input: URL, output: URL, concurrency: Int = 3, shard: ShardSpec? = nil) -> RunOptions {
    var options = testRunOptions(input: input, output: output, inputs: [], concurrency: concurrency)
    options.selection = InputSelection(roots: [input.path], input: .init(), shard: shard)
    options.shard = shard
    return options
}

/// Reads `OUT_DIR/manifest.json`.
func readRunManifest(_ output: URL) throws -> RunManifest {
    try ManifestWriter.read(from: ManifestFiles(outputDirectory: output).manifest)
}
