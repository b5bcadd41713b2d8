import Foundation

/// Lists the files of one or more input folders that pipeline.json's `input` section takes, sorted by path.
///
/// Hidden files and folders, and the tool's own state folder (`.photoroom-batch`), are skipped unless asked for;
/// a folder that cannot be read is reported, not fatal.
public struct InputScanner: Sendable {
    /// Which files are taken.
    public var input: PipelineConfiguration.Input
    /// Folders never descended into (the output folder when it sits beside the inputs).
    public var excludedFolders: [String]
    /// Which files are kept, by relative path (`--shard K/N`: ``ShardSpec/pathFilter``); the others are never
    /// stored, so a part's memory follows its own files, not the tree's. `nil` keeps every file.
    public var keep: (@Sendable (String) -> Bool)?

    public init(
        input: PipelineConfiguration.Input,
        excludedFolders: [String] = [],
        keep: (@Sendable (String) -> Bool)? = nil
    ) {
        self.input = input
        self.excludedFolders = excludedFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.keep = keep
    }

    /// What a scan found.
    public struct Result: Sendable {
        /// The files taken, sorted by root then relative path.
        public var files: [InputFile]
        /// Folders or files that could not be read, with the reason.
        public var problems: [(path: String, reason: String)]
    }

    /// Scans `roots`.
    ///
    /// - Throws: ``ScanError`` when a root does not exist or is not a folder.
    public func scan(_ roots: [String]) throws(ScanError) -> Result {
        let includes = input.include.compactMap(GlobPattern.init)
        let excludes = input.exclude.compactMap(GlobPattern.init)
        var files: [InputFile] = []
        var problems: [(String, String)] = []
        let fileManager = FileManager.default
        for rawRoot in roots {
            let root = URL(fileURLWithPath: rawRoot).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw ScanError(code: .missingInput, path: rawRoot, message: "\(rawRoot): no such folder")
            }
            guard isDirectory.boolValue else {
                throw ScanError(code: .notAFolder, path: rawRoot, message: "\(rawRoot): is a file, not a folder")
            }
            var found: [InputFile] = []
            walk(root: root, relative: "", includes: includes, excludes: excludes, into: &found, problems: &problems)
            found.sort { $0.relativePath < $1.relativePath }
            files += found
        }
        return Result(files: files, problems: problems.map { (path: $0.0, reason: $0.1) })
    }

    private func walk(
        root: String,
        relative: String,
        includes: [GlobPattern],
        excludes: [GlobPattern],
        into files: inout [InputFile],
        problems: inout [(String, String)]
    ) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            problems.append((folder, "cannot list the folder (\((error as NSError).localizedDescription))"))
            return
        }
        for name in names.sorted() {
            if name.hasPrefix(".") && (!input.includeHidden || name == ".photoroom-batch") { continue }
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            let path = root + "/" + relativePath
            var status = stat()
            guard stat(path, &status) == 0 else {
                problems.append((path, "cannot read (\(String(cString: strerror(errno))))"))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                guard input.recursive, !excludedFolders.contains(path) else { continue }
                // A symbolic link to a folder is not followed: it could loop or leave the tree.
                var linkStatus = stat()
                if lstat(path, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK { continue }
                walk(
                    root: root, relative: relativePath, includes: includes, excludes: excludes, into: &files,
                    problems: &problems)
            case S_IFREG:
                guard includes.contains(where: { $0.matches(relativePath) }),
                    !excludes.contains(where: { $0.matches(relativePath) })
                else { continue }
                if let keep, !keep(relativePath) { continue }
                files.append(InputFile(root: root, relativePath: relativePath, byteCount: Int64(status.st_size)))
            default:
                continue
            }
        }
    }
}

/// An input folder that cannot be scanned (exit 64).
public struct ScanError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case missingInput = "missing-input"
        case notAFolder = "not-a-folder"
    }
    public var code: Code
    public var path: String
    public var message: String
    public var description: String { message }
}
