import Foundation

/// The longest file name and path OUT_DIR's file system takes (`pathconf` `NAME_MAX` and `PATH_MAX`), so an output
/// it would refuse ("file name too long") is refused at preflight, before its call is paid for.
struct OutputNameLimits: Sendable, Equatable {
    /// OUT_DIR, absolute, standardised.
    var outputDirectory: String
    /// The most bytes of one path component.
    var nameMax: Int
    /// The most bytes of a path, its terminating NUL included.
    var pathMax: Int

    /// No limit at all (no OUT_DIR to ask).
    static let unlimited = OutputNameLimits(outputDirectory: "", nameMax: .max, pathMax: .max)

    /// The limits of the file system OUT_DIR is on, asked of OUT_DIR or its nearest existing parent; 255 and
    /// 4096 (Linux's) when the system does not say.
    static func of(_ outputDirectory: URL) -> OutputNameLimits {
        let root = outputDirectory.standardizedFileURL.path
        var probe = root
        while !FileManager.default.fileExists(atPath: probe), probe != "/", !probe.isEmpty {
            probe = (probe as NSString).deletingLastPathComponent
        }
        func limit(_ name: Int32, _ fallback: Int) -> Int {
            let value = pathconf(probe, name)
            return value > 0 ? Int(value) : fallback
        }
        return OutputNameLimits(
            outputDirectory: root, nameMax: limit(Int32(_PC_NAME_MAX), 255), pathMax: limit(Int32(_PC_PATH_MAX), 4096))
    }

    /// Why OUT_DIR's file system cannot hold `output` (a path relative to OUT_DIR), or `nil` when it can.
    func problem(with output: String) -> OutputClash? {
        for component in output.split(separator: "/") where component.utf8.count > nameMax {
            return .nameTooLong(component: String(component), bytes: component.utf8.count, limit: nameMax)
        }
        let full = outputDirectory.isEmpty ? output : outputDirectory + "/" + output
        if full.utf8.count >= pathMax {
            return .pathTooLong(path: full, bytes: full.utf8.count, limit: pathMax - 1)
        }
        return nil
    }
}
