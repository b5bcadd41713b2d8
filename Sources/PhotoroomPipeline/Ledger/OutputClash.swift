import Foundation

/// Why an input cannot have the output it maps to: another input claims it, or OUT_DIR cannot hold it. Found at
/// preflight, before the input's call: nothing is paid for an output that could not be delivered.
enum OutputClash: Sendable, Equatable {
    /// Another input maps to the same output, up to case and Unicode normalisation.
    case sameOutput(owner: String)
    /// The output is a folder other inputs' outputs go in (`cat.jpg` → `cat.png`, `cat.png/a.jpg` →
    /// `cat.png/a.png`).
    case folderOfOtherOutputs(owner: String)
    /// The output holds the paid result of another input, written by an earlier run: it stays.
    case holdsPaidResult(owner: String)
    /// A folder the output goes in is the output of another input.
    case fileWhereFolderGoes(folder: String, owner: String)
    /// A name in the output path is longer than OUT_DIR's file system allows.
    case nameTooLong(component: String, bytes: Int, limit: Int)
    /// The whole output path is longer than the system allows.
    case pathTooLong(path: String, bytes: Int, limit: Int)
    /// OUT_DIR holds a folder, which this tool did not make for an output, where the output file goes.
    case folderInTheWay(path: String)
    /// OUT_DIR holds a file this tool did not write where a folder of the output path goes.
    case fileInTheWay(path: String)

    /// The row's error code: `output-collision` for a clash with another input, `output-name-too-long` for a name
    /// the file system refuses.
    var code: String {
        switch self {
        case .sameOutput, .folderOfOtherOutputs, .fileWhereFolderGoes, .holdsPaidResult: return "output-collision"
        case .nameTooLong, .pathTooLong: return "output-name-too-long"
        case .folderInTheWay, .fileInTheWay: return "output-exists"
        }
    }

    /// The other input the clash is with, when it is one.
    var owner: String? {
        switch self {
        case .sameOutput(let owner), .folderOfOtherOutputs(let owner), .fileWhereFolderGoes(_, let owner),
            .holdsPaidResult(let owner):
            return owner
        default: return nil
        }
    }

    /// The row's error message for the input whose output is `output`: both inputs, the path and the reason.
    func message(output: String) -> String {
        switch self {
        case .sameOutput(let owner):
            return "its output \(output) is also the output of \(owner) (names that differ only by extension, case "
                + "or Unicode normalisation clash); rename one of them"
        case .holdsPaidResult(let owner):
            return "its output \(output) holds the paid result of \(owner), which is kept; rename this input (or that "
                + "output) to get both"
        case .folderOfOtherOutputs(let owner):
            return "its output \(output) is the folder the output of \(owner) goes in (a file and a folder of the "
                + "same name clash); rename one of them"
        case .fileWhereFolderGoes(let folder, let owner):
            return "its output \(output) goes in the folder \(folder), which is the output file of \(owner) (a file "
                + "and a folder of the same name clash); rename one of them"
        case .nameTooLong(let component, let bytes, let limit):
            return "its output \(output) has a name of \(bytes) bytes (\(component.prefix(40))…), longer than the "
                + "\(limit) bytes OUT_DIR's file system allows; rename the input (or choose a shorter export.format)"
        case .pathTooLong(let path, let bytes, let limit):
            return "its output path \(path.prefix(60))… is \(bytes) bytes, longer than the \(limit) bytes the system "
                + "allows; move OUT_DIR or shorten the input's folders"
        case .folderInTheWay(let path):
            return "its output \(output) cannot be written: \(path) is a folder (not made by photoroom-batch for an "
                + "output); move it away (or choose another OUT_DIR) and run again: only this input is sent"
        case .fileInTheWay(let path):
            return "its output \(output) cannot be written: \(path) is a file where its folder goes (not written by "
                + "photoroom-batch); move it away (or choose another OUT_DIR) and run again: only this input is sent"
        }
    }
}
