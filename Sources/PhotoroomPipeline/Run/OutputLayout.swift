import Foundation

/// How inputs map to outputs: OUT_DIR mirrors INPUT_DIR's tree, with the extension of the output format.
///
/// `a/cat.jpg` and `b/cat.jpg` go to `a/cat.png` and `b/cat.png`; they never collide. Two inputs that differ
/// only by extension in one folder (`cat.jpg`, `cat.png`) would; ``BatchRunner`` fails the second one.
public struct OutputLayout: Sendable, Equatable {
    /// The input root.
    public var inputDirectory: URL
    /// The output root.
    public var outputDirectory: URL
    /// The results' format.
    public var format: OutputFormat

    public init(inputDirectory: URL, outputDirectory: URL, format: OutputFormat) {
        self.inputDirectory = inputDirectory
        self.outputDirectory = outputDirectory
        self.format = format
    }

    /// The output's path relative to OUT_DIR for an input's relative path.
    public func outputRelativePath(forInput relativePath: String) -> String {
        var components = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let name = components.popLast() else { return "output.\(format.fileExtension)" }
        let stem: Substring
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = name[..<dot]
        } else {
            stem = Substring(name)
        }
        components.append("\(stem).\(format.fileExtension)")
        return components.joined(separator: "/")
    }

    /// The absolute URL of an output's relative path.
    public func outputURL(forOutput relativePath: String) -> URL {
        outputDirectory.appendingPathComponent(relativePath)
    }

    /// Refuses an OUT_DIR that is INPUT_DIR or inside it (symbolic links resolved): the next scan would
    /// pick the results up as inputs.
    ///
    /// - Throws: ``RunError`` with code `outputInsideInput`.
    public func checkOutputOutsideInput() throws(RunError) {
        let input = Self.canonicalComponents(inputDirectory)
        let output = Self.canonicalComponents(outputDirectory)
        if output.count >= input.count, Array(output.prefix(input.count)) == input {
            throw RunError(
                code: .outputInsideInput,
                message: "the output directory \(outputDirectory.path) is inside the input directory "
                    + "\(inputDirectory.path); choose an OUT_DIR outside INPUT_DIR"
            )
        }
    }

    /// Path components with `.`/`..` and symbolic links resolved as far as the path exists.
    static func canonicalComponents(_ url: URL) -> [String] {
        var existing = url.standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.pathComponents.count > 1 {
            missing.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        let resolved = existing.resolvingSymlinksInPath().standardizedFileURL
        return resolved.pathComponents.filter { $0 != "/" } + missing
    }
}
