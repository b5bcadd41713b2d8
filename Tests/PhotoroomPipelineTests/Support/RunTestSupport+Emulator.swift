import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPipeline
import PhotoroomPricing

/// Helpers for the runner's end-to-end tests against the built-in emulator.
enum RunEmulatorSupport {
    static let key = "pr_live_run_e2e_SECRET_4242"

    static func emulator(
        plan: Plan = .basic,
        credits: Decimal = 1000,
        faults: FaultConfiguration = .init(),
        rateLimit: Int = 0
    ) -> EmulatorConfiguration {
        EmulatorConfiguration(
            port: 0,
            plan: plan,
            credits: credits,
            apiKey: key,
            rateLimitPerMinute: rateLimit,
            faults: faults
        )
    }

    static func client(_ running: RunningEmulator) -> PhotoroomClient {
        PhotoroomClient(configuration: .init(baseURL: running.baseURL, apiKey: APIKey(key)!, editTimeout: .seconds(30)))
    }

    /// A small PNG (a coloured square on white), different per `seed`.
    static func png(seed: Int) throws -> Data {
        var image = RGBAImage(width: 24, height: 24, fill: (255, 255, 255, 255))
        for y in 6..<18 {
            for x in 6..<18 {
                let offset = (y * 24 + x) * 4
                image.pixels[offset] = UInt8(truncatingIfNeeded: seed * 37)
                image.pixels[offset + 1] = UInt8(truncatingIfNeeded: seed * 11 + 60)
                image.pixels[offset + 2] = 200
            }
        }
        return Data(try ImageCodec.encodePNG(image))
    }

    /// Writes `valid` PNGs over a few sub-folders (with one name repeated across folders) and `invalid` broken
    /// files; returns the inputs as the scanner would.
    @discardableResult
    static func makeImages(in input: URL, valid: Int, invalid: Int = 0) throws -> [RunInput] {
        for index in 0..<valid {
            let folder = input.appendingPathComponent("shelf\(index % 3)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = index < 3 ? "cat.png" : "item\(index).png"
            try png(seed: index).write(to: folder.appendingPathComponent(name))
        }
        for index in 0..<invalid {
            let folder = input.appendingPathComponent("broken", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var bytes = try png(seed: 100 + index)
            bytes = bytes.prefix(bytes.count / 2)
            try bytes.write(to: folder.appendingPathComponent("truncated\(index).png"))
        }
        return runInputs(in: input)
    }

    /// Runs the batch against `running` with the real client and validator.
    static func run(
        _ options: RunOptions,
        _ running: RunningEmulator,
        reporter: any RunEventSink = SilentRunEventSink(),
        control: RunControl = RunControl()
    ) async -> RunOutcome {
        var options = options
        let apiKey = APIKey(key)!
        options.redact = { apiKey.redact($0) }
        return await BatchRunner(
            options: options,
            client: client(running),
            inspector: ImageValidatorInspector(),
            reporter: reporter,
            control: control
        ).run()
    }
}
