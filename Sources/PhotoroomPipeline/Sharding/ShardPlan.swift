/// The part of every input of a tree, with inputs that could write one output always in one part: two names that
/// map to the same output (case-folded, NFC, any extension: `Cat.png`, `cat.jpg`), and a file whose output is the
/// folder of other outputs (`cat.jpg` → `cat.png`, `cat.png/a.jpg` → `cat.png/a.png`). Their clash is then caught
/// by the one part's preflight, before anything is paid, as in a single run.
///
/// Inputs are grouped (union-find) by output claim, file-against-folder and, split by content, by content. An
/// input alone in its group keeps the part ``ShardAssignment`` gives it (by its path key, or by its content); a
/// group held together by its names takes the part of its smallest path key, so every part, which lists the whole
/// tree, computes the same assignment without talking to the others.
struct ShardPlan {
    /// One input of the tree: its relative path and, split by content, the SHA-256 of its bytes.
    struct Entry {
        var relativePath: String
        var sha256: String?
    }

    /// How the tree is split.
    var spec: ShardSpec
    /// The extension of the outputs (`export.format`'s), which decides which names clash.
    var outputExtension: String

    /// The part (1...N) of each entry, in order.
    func parts(of entries: [Entry]) -> [Int] {
        var groups = UnionFind(count: entries.count)
        let claims = entries.map { OutputNameFolding.fold(Self.outputPath($0.relativePath, outputExtension)) }
        var claimOwner: [String: Int] = [:]
        for (position, claim) in claims.enumerated() {
            if let first = claimOwner[claim] {
                groups.union(first, position, byName: true)
            } else {
                claimOwner[claim] = position
            }
        }
        for (position, claim) in claims.enumerated() {
            for folder in OutputNameFolding.folders(of: claim) {
                if let file = claimOwner[folder] { groups.union(file, position, byName: true) }
            }
        }
        if spec.key == .content {
            var contentOwner: [String: Int] = [:]
            for (position, entry) in entries.enumerated() {
                guard let sha = entry.sha256 else { continue }
                if let first = contentOwner[sha] {
                    groups.union(first, position, byName: false)
                } else {
                    contentOwner[sha] = position
                }
            }
        }
        var smallestKey: [Int: String] = [:]
        for (position, entry) in entries.enumerated() {
            let root = groups.find(position)
            let key = ShardAssignment.pathKey(entry.relativePath)
            if let current = smallestKey[root], current <= key { continue }
            smallestKey[root] = key
        }
        return entries.indices.map { position in
            let root = groups.find(position)
            if groups.heldByName(root), let key = smallestKey[root] {
                return ShardAssignment.part(forPathKey: key, count: spec.count)
            }
            return Self.defaultPart(entries[position], spec: spec)
        }
    }

    /// The part of an input alone in its group (or with its content twins only).
    private static func defaultPart(_ entry: Entry, spec: ShardSpec) -> Int {
        switch spec.key {
        case .path: return ShardAssignment.part(forRelativePath: entry.relativePath, count: spec.count)
        case .content:
            guard let sha = entry.sha256 else { return 1 }
            return ShardAssignment.part(forContentSHA256: sha, count: spec.count) ?? 1
        }
    }

    /// The output path of an input, as ``OutputLayout/outputRelativePath(forInput:)`` makes it.
    static func outputPath(_ relativePath: String, _ outputExtension: String) -> String {
        ShardAssignment.stem(relativePath) + "." + outputExtension
    }
}

/// Disjoint sets of positions, each remembering whether a name (not only a content) holds it together.
private struct UnionFind {
    private var parent: [Int]
    private var byName: [Bool]

    init(count: Int) {
        parent = Array(0..<count)
        byName = Array(repeating: false, count: count)
    }

    mutating func find(_ position: Int) -> Int {
        var root = position
        while parent[root] != root { root = parent[root] }
        var node = position
        while parent[node] != root { (parent[node], node) = (root, parent[node]) }
        return root
    }

    mutating func union(_ first: Int, _ second: Int, byName name: Bool) {
        let (a, b) = (find(first), find(second))
        let held = byName[a] || byName[b] || name
        if a != b { parent[max(a, b)] = min(a, b) }
        byName[min(a, b)] = held
    }

    func heldByName(_ root: Int) -> Bool { byName[root] }
}
