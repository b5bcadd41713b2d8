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
        var result = (width: 0, height: 0, bytes: 0)
        for round in 0...repeats {
            let started = ContinuousClock.now
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cutout)))
            let image = try ImageCodec.decode(bytes)
            let rendered = Finisher.render(image, recipe: recipe, resampling: options)
            let encoded = try Finisher.encode(rendered, format: .jpeg)
            try Data(encoded.bytes).write(to: output)
            let elapsed = ContinuousClock.now - started
            if round > 0 { times.append(elapsed.seconds * 1000) }
            result = (encoded.width, encoded.height, encoded.bytes.count)
        }
        times.sort()
        let median = times[times.count / 2]
        context.out(
            "finish \(cutout) -> \(result.width)x\(result.height) JPEG (\(result.bytes) bytes), filter \(filter.rawValue)"
                + (srgb ? " sRGB" : " linear") + ": median " + String(format: "%.1f", median) + " ms, min "
                + String(format: "%.1f", times.first ?? 0) + " ms, max " + String(format: "%.1f", times.last ?? 0)
                + " ms over \(times.count) runs")
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
