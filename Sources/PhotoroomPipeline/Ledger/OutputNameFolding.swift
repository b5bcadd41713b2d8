import Foundation

/// How output paths are compared when two inputs claim them: in Unicode NFC and folded to lower case, so names a
/// case-insensitive or normalising disk (macOS, Windows shares, many NAS volumes) stores as one file compare equal
/// everywhere: `Cat.png`, `cat.png` and `cafe\u{301}.png` / `café.png` are one output each.
enum OutputNameFolding {
    /// `path` in NFC, lower case; itself, without a copy, when it is plain ASCII without upper-case letters.
    static func fold(_ path: String) -> String {
        var path = path
        let plain = path.withUTF8 { bytes in !bytes.contains { $0 &- 0x41 < 26 || $0 >= 0x80 } }
        if plain { return path }
        let ascii = path.utf8.allSatisfy { $0 < 0x80 }
        return (ascii ? path : path.precomposedStringWithCanonicalMapping).lowercased()
    }

    /// The folders `path` lies in, outermost first: `a/b/c.png` gives `a`, `a/b`.
    static func folders(of path: String) -> [String] {
        var folders: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            folders.append(String(path[..<slash]))
            index = path.index(after: slash)
        }
        return folders
    }
}
