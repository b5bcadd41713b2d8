import Foundation

/// What already in OUT_DIR would keep an output from being written: a folder where the output file goes, or a
/// file where one of its folders goes. Checked at preflight, so no call is paid for a result that cannot be saved.
enum OutputObstacle {
    /// The obstacle to writing `output` (relative to OUT_DIR), or `nil`. A file in the way that an earlier run
    /// wrote is the output of the input named in `index` (a clash between the two inputs).
    static func find(_ output: String, layout: OutputLayout, index: ResumeIndex) -> OutputClash? {
        let target = layout.outputURL(forOutput: output).path
        var status = stat()
        if stat(target, &status) == 0 {
            return status.st_mode & S_IFMT == S_IFDIR ? .folderInTheWay(path: target) : nil
        }
        // The output does not exist yet: its nearest existing folder must be a folder.
        let folders = OutputNameFolding.folders(of: output)
        for folder in folders.reversed() {
            let path = layout.outputURL(forOutput: folder).path
            guard stat(path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR { return nil }
            if let owner = index.owner(ofOutput: folder) {
                return .fileWhereFolderGoes(folder: folder, owner: owner.inputPath)
            }
            return .fileInTheWay(path: path)
        }
        return nil
    }

    /// The clash of an input whose output holds another input's paid result (of other content or settings), which
    /// stays; `nil` when the output is missing, or the row that wrote it is this input's or had the same key.
    static func paidResultOfAnother(
        _ output: String, for row: ManifestItem, layout: OutputLayout, index: ResumeIndex
    ) -> OutputClash? {
        guard let owner = index.owner(ofOutput: output), owner.inputPath != row.inputPath,
            owner.sha256 != row.sha256 || owner.settingsHash != row.settingsHash,
            FileManager.default.fileExists(atPath: layout.outputURL(forOutput: output).path)
        else { return nil }
        return .holdsPaidResult(owner: owner.inputPath)
    }
}
