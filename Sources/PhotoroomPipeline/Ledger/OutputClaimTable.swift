/// Which input owns each output path of a run (a value type): outputs compared case-folded and in NFC
/// (``OutputNameFolding``), a file against a folder of the same name, and every name against OUT_DIR's limits
/// (``OutputNameLimits``).
///
/// The first claim wins; ``OutputClaims`` shares one table between the preflight and a watch's later files.
struct OutputClaimTable: Sendable {
    /// The file system's limits the outputs must fit.
    let limits: OutputNameLimits
    /// Claimed output files, folded, and the input of each.
    private var files: [String: String] = [:]
    /// Folders claimed outputs lie in, folded, and the first input whose output lies there.
    private var folders: [String: String] = [:]

    init(limits: OutputNameLimits = .unlimited) {
        self.limits = limits
    }

    /// Claims `output` (relative to OUT_DIR) for `input`; returns the clash that keeps it from `input`, or `nil`
    /// when the claim holds (then it is recorded).
    mutating func claim(_ output: String, for input: String) -> OutputClash? {
        if let problem = limits.problem(with: output) { return problem }
        let key = OutputNameFolding.fold(output)
        if let owner = files[key], owner != input { return .sameOutput(owner: owner) }
        if let owner = folders[key], owner != input { return .folderOfOtherOutputs(owner: owner) }
        let enclosing = OutputNameFolding.folders(of: key)
        for (position, folder) in enclosing.enumerated() {
            if let owner = files[folder], owner != input {
                let named = OutputNameFolding.folders(of: output)
                return .fileWhereFolderGoes(folder: position < named.count ? named[position] : folder, owner: owner)
            }
        }
        files[key] = input
        for folder in enclosing where folders[folder] == nil { folders[folder] = input }
        return nil
    }
}
