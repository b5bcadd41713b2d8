import ArgumentParser
import Foundation
import PhotoroomImaging
import PhotoroomRendering

/// `photoroom-batch finish-bench CUTOUT.png` (hidden): times local finishing of one cutout for
/// benchmarks/finish.sh: read the PNG, decode, lay out, resample, composite on white, encode JPEG, write.
struct FinishBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish-bench",
        abstract: "Finish one cutout PNG repeatedly on this thread and print the median time (for benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "The cutout PNG (made with --make-cutout when it does not exist).") var cutout: String
    @Option(help: "The recipe's outputSize.") var size = "1000x1000"
    @Option(help: "Timed repetitions (after one warm-up).") var repeats = 15
    @Option(help: "areaAverage or lanczos3.") var filter = "areaAverage"
    @Flag(help: "Resample sRGB values instead of linear light.") var srgb = false
    @Option(help: "Write a synthetic SIDE×SIDE RGBA cutout to the argument's path first.") var makeCutout: Int?

    func run() async throws {
        let context = CommandContext.current
        if let side = makeCutout {
            let image = Self.syntheticCutout(side: side)
            try Data(try ImageCodec.encodePNG(image)).write(to: URL(fileURLWithPath: cutout))
        }
        guard let filter = ResamplingFilter(rawValue: filter) else {
            context.err("error: --filter must be areaAverage or lanczos3")
            throw ExitStatus.usage.exitCode
        }
        let plan = RenderPlan.plan([
            ("removeBackground", "true"), ("background.color", "FFFFFF"), ("padding", "0.1"), ("outputSize", size),
            ("export.format", "jpeg"),
        ])
        guard case .local(let recipe) = plan else {
            context.err("error: the recipe is not local: \(plan)")
            throw ExitStatus.usage.exitCode
        }
        let options = Resampler.Options(filter: filter, linearLight: !srgb)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("finish-bench-\(getpid()).jpg")
        defer { try? FileManager.default.removeItem(at: output) }
        var times: [Double] = []
        var cpuTimes: [Double] = []
        // Per phase: read + decode, render (subject box, layout, resampling, compositing), encode + write.
        var phases: [[Double]] = [[], [], []]
        var result = (width: 0, height: 0, bytes: 0)
        for round in 0...repeats {
            let started = ContinuousClock.now
            let cpuStarted = Self.threadCPUMilliseconds()
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cutout)))
            let image = try ImageCodec.decode(bytes)
            let decoded = ContinuousClock.now
            let rendered = Finisher.render(image, recipe: recipe, resampling: options)
            let renderedAt = ContinuousClock.now
            let encoded = try Finisher.encode(rendered, format: .jpeg)
            try Data(encoded.bytes).write(to: output)
            let finished = ContinuousClock.now
            if round > 0 {
                times.append((finished - started).seconds * 1000)
                cpuTimes.append(Self.threadCPUMilliseconds() - cpuStarted)
                phases[0].append((decoded - started).seconds * 1000)
                phases[1].append((renderedAt - decoded).seconds * 1000)
                phases[2].append((finished - renderedAt).seconds * 1000)
            }
            result = (encoded.width, encoded.height, encoded.bytes.count)
        }
        times.sort()
        let median = times[times.count / 2]
        cpuTimes.sort()
        let cpuMedian = cpuTimes[cpuTimes.count / 2]
        let phaseMedians = phases.map { $0.sorted()[$0.count / 2] }
        context.out(
            "finish \(cutout) -> \(result.width)x\(result.height) JPEG (\(result.bytes) bytes), filter \(filter.rawValue)"
                + (srgb ? " sRGB" : " linear") + ": cpu median " + String(format: "%.1f", cpuMedian)
                + " ms; wall median " + String(format: "%.1f", median) + " ms, min "
                + String(format: "%.1f", times.first ?? 0) + " ms, max " + String(format: "%.1f", times.last ?? 0)
                + " ms over \(times.count) runs (decode " + String(format: "%.1f", phaseMedians[0]) + ", render "
                + String(format: "%.1f", phaseMedians[1]) + ", encode " + String(format: "%.1f", phaseMedians[2])
                + " ms)")
    }

    /// CPU time used by the calling thread, in milliseconds (unaffected by other processes on a shared machine).
    static func threadCPUMilliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }

    /// A product-like cutout: a textured rounded shape with soft edges on a transparent background.
    static func syntheticCutout(side: Int) -> RGBAImage {
        var image = RGBAImage(width: side, height: side)
        let centre = Double(side) / 2
        let radius = Double(side) * 0.38
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for y in 0..<side {
            for x in 0..<side {
                let dx = (Double(x) - centre) / radius
                let dy = (Double(y) - centre) / (radius * 0.8)
                // A superellipse: distance 1 is the edge; two pixels of soft edge.
                let distance = pow(pow(abs(dx), 4) + pow(abs(dy), 4), 0.25)
                let alpha = min(1, max(0, (1 - distance) * radius / 2))
                guard alpha > 0 else { continue }
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Int(seed >> 59)
                let o = (y * side + x) * 4
                image.pixels[o] = UInt8(clamping: 90 + x * 100 / side + noise)
                image.pixels[o + 1] = UInt8(clamping: 40 + y * 60 / side + noise)
                image.pixels[o + 2] = UInt8(clamping: (x / 40 + y / 40) % 2 == 0 ? 200 : 60)
                image.pixels[o + 3] = UInt8((alpha * 255).rounded())
            }
        }
        return image
    }
}
