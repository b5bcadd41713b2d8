import PhotoroomBatchCLI

/// The executable: everything lives in the PhotoroomBatchCLI library.
@main
enum Entry {
    static func main() async {
        await RootCommand.main()
    }
}
