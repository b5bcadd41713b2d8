#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes `path` absolute (against the current directory), resolves symbolic links where the path exists,
/// and removes a trailing slash.
public func absolutePath(_ path: String) -> String {
    var absolute = path
    if !absolute.hasPrefix("/") {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if getcwd(&buffer, buffer.count) != nil {
            let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            absolute = joinPath(cwd, path)
        }
    }
    if let resolved = realpath(absolute, nil) {
        defer { free(resolved) }
        absolute = String(cString: resolved)
    }
    while absolute.count > 1 && absolute.hasSuffix("/") {
        absolute.removeLast()
    }
    return absolute
}
