/// Reads a HEIC/HEIF file's dimensions from its ISO-BMFF boxes: `meta` → `iprp` → `ipco` → `ispe`, the primary
/// item (`pitm`) chosen through its `ipma` associations when there are several `ispe` (a thumbnail, a grid's
/// tiles), and its `irot` rotation applied (90° or 270° swaps width and height). There is no HEVC decoder: the
/// coded image itself is never looked at.
///
/// Every read is bounds-checked against the bytes held and the sizes the boxes announce: a box that runs past its
/// parent or the file, or a property the file lacks, is a `corrupt HEIF: …` error, never a crash.
/// Source: ISO/IEC 14496-12 (boxes), ISO/IEC 23008-12 (HEIF: `pitm`, `iprp`, `ipco`, `ipma`, `ispe`, `irot`).
enum HEIFHeader {
    /// What the container says about the primary image.
    struct Facts: Equatable {
        /// Width as displayed (after `irot`).
        var width: Int
        /// Height as displayed (after `irot`).
        var height: Int
        /// The anticlockwise rotation `irot` applies: 0, 90, 180 or 270.
        var rotation: Int
        /// The `ftyp` major brand (`heic`, `mif1`, …).
        var majorBrand: String
    }

    /// One box: its type and where its payload lies in the buffer.
    private struct Box {
        var type: String
        /// Offset of the payload (after the size, type and any 64-bit size).
        var body: Int
        /// Offset just past the box.
        var end: Int
    }

    /// A reading failure before it gets the `corrupt HEIF:` prefix: `truncated` when the bytes end early.
    private struct Failure: Error {
        var truncated: Bool
        var message: String
    }

    /// Reads big-endian fields (0 to 8 bytes each) from a full box's payload, in order, never past its end.
    private struct FieldReader {
        let bytes: UnsafeRawBufferPointer
        let box: Box
        private(set) var offset: Int

        init(_ bytes: UnsafeRawBufferPointer, _ box: Box) {
            self.bytes = bytes
            self.box = box
            offset = box.body
        }

        /// The bytes left in the box.
        var remaining: Int { box.end - offset }

        mutating func take(_ count: Int) throws(Failure) -> Int {
            guard remaining >= count else { throw Failure(truncated: false, message: "\(box.type) box cut short") }
            var value = 0
            for index in 0..<count { value = value << 8 | Int(bytes[offset + index]) }
            offset += count
            return value
        }
    }

    /// Parses `bytes` (the whole file, or its head when `fileSize` says the file is longer).
    static func parse(_ bytes: UnsafeRawBufferPointer, fileSize: Int) throws(ImageProbeError) -> Facts {
        do {
            return try read(bytes, fileSize: max(fileSize, bytes.count))
        } catch {
            throw ImageProbeError(
                code: error.truncated ? .truncated : .corrupt, message: "corrupt HEIF: \(error.message)", format: .heic)
        }
    }

    private static func read(_ bytes: UnsafeRawBufferPointer, fileSize: Int) throws(Failure) -> Facts {
        let top = try boxes(bytes, from: 0, to: fileSize, parent: "file")
        guard let ftyp = top.first, ftyp.type == "ftyp" else {
            throw Failure(truncated: false, message: "no ftyp box first")
        }
        guard ftyp.end - ftyp.body >= 8 else { throw Failure(truncated: false, message: "ftyp box too short") }
        let majorBrand = try fourCC(bytes, at: ftyp.body)
        guard let meta = top.first(where: { $0.type == "meta" }) else {
            if bytes.count < fileSize {
                throw Failure(truncated: true, message: "no meta box in the first \(bytes.count) bytes")
            }
            if top.contains(where: { $0.type == "moov" }) {
                throw Failure(truncated: false, message: "no meta box: an image sequence (moov) without a still image")
            }
            throw Failure(truncated: false, message: "no meta box (it holds the image's properties)")
        }
        try need(bytes, meta.end, "meta")
        // `meta` is a full box: version and flags first.
        let metaChildren = try boxes(bytes, from: meta.body + 4, to: meta.end, parent: "meta")
        guard let iprp = metaChildren.first(where: { $0.type == "iprp" }) else {
            throw Failure(truncated: false, message: "no iprp box in meta (no item properties)")
        }
        let iprpChildren = try boxes(bytes, from: iprp.body, to: iprp.end, parent: "iprp")
        guard let ipco = iprpChildren.first(where: { $0.type == "ipco" }) else {
            throw Failure(truncated: false, message: "no ipco box in iprp (no property container)")
        }
        let properties = try boxes(bytes, from: ipco.body, to: ipco.end, parent: "ipco")
        let sizes = properties.indices.filter { properties[$0].type == "ispe" }
        guard !sizes.isEmpty else { throw Failure(truncated: false, message: "no ispe property (the image size)") }

        // The primary item's properties (1-based indices into ipco), when pitm and ipma say which they are.
        var primaryProperties: [Int]?
        if let pitm = metaChildren.first(where: { $0.type == "pitm" }),
            let ipma = iprpChildren.first(where: { $0.type == "ipma" })
        {
            let primary = try primaryItem(bytes, pitm)
            primaryProperties = try associations(bytes, ipma)[primary]
        }
        let sizeIndex: Int
        var rotationIndex: Int?
        if let primaryProperties {
            let associated = primaryProperties.map { $0 - 1 }.filter(properties.indices.contains)
            guard let index = associated.first(where: { properties[$0].type == "ispe" }) else {
                throw Failure(truncated: false, message: "the primary item has no ispe property (no image size)")
            }
            sizeIndex = index
            rotationIndex = associated.first { properties[$0].type == "irot" }
        } else if sizes.count == 1 {
            sizeIndex = sizes[0]
            let rotations = properties.indices.filter { properties[$0].type == "irot" }
            rotationIndex = rotations.count == 1 ? rotations[0] : nil
        } else {
            throw Failure(
                truncated: false, message: "\(sizes.count) ispe properties and no pitm/ipma naming the primary image's")
        }

        guard let iloc = metaChildren.first(where: { $0.type == "iloc" }) else {
            throw Failure(truncated: false, message: "no iloc box in meta (the image data is not located)")
        }
        try checkExtents(bytes, iloc, fileSize: fileSize)

        let ispe = properties[sizeIndex]
        guard ispe.end - ispe.body >= 12 else { throw Failure(truncated: false, message: "ispe property too short") }
        let width = u32(bytes, ispe.body + 4)
        let height = u32(bytes, ispe.body + 8)
        guard width > 0, height > 0 else {
            throw Failure(truncated: false, message: "ispe gives \(width)x\(height): zero dimensions")
        }
        var rotation = 0
        if let rotationIndex {
            let irot = properties[rotationIndex]
            guard irot.end - irot.body >= 1 else { throw Failure(truncated: false, message: "irot property empty") }
            rotation = Int(bytes[irot.body] & 0x03) * 90
        }
        let turned = rotation == 90 || rotation == 270
        return Facts(
            width: turned ? height : width, height: turned ? width : height, rotation: rotation,
            majorBrand: majorBrand)
    }

    /// The boxes laid end to end in `from..<to`. Sizes are checked against `to` (the parent's end, or the file's
    /// size). At the top level (`parent` "file") every box's size is checked against the file's, so a file cut
    /// inside `mdat` is caught; when only the file's head is held, the walk stops at the first header past it.
    private static func boxes(
        _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, parent: String
    ) throws(Failure) -> [Box] {
        var found: [Box] = []
        var offset = start
        while offset < end {
            guard end - offset >= 8 else {
                throw Failure(truncated: false, message: "\(end - offset) stray bytes at the end of \(parent)")
            }
            if parent == "file", bytes.count < offset + 16, bytes.count < end { break }  // head only: the rest unread
            try need(bytes, offset + 8, parent)
            var size = u32(bytes, offset)
            let type = try fourCC(bytes, at: offset + 4)
            var header = 8
            if size == 1 {
                try need(bytes, offset + 16, type)
                let high = u32(bytes, offset + 8)
                let low = u32(bytes, offset + 12)
                guard high < 1 << 20 else {
                    throw Failure(truncated: false, message: "the \(type) box's size is absurd")
                }
                size = high << 32 | low
                header = 16
            } else if size == 0 {
                size = end - offset  // to the end of the enclosing box (or file)
            }
            guard size >= header else {
                throw Failure(truncated: false, message: "the \(type) box in \(parent) announces \(size) bytes")
            }
            guard size <= end - offset else {
                let whole = parent == "file"
                throw Failure(
                    truncated: whole,
                    message: "the \(type) box announces \(size) bytes but only \(end - offset) remain in "
                        + (whole ? "the file (cut short)" : "its \(parent) box")
                )
            }
            found.append(Box(type: type, body: offset + header, end: offset + size))
            offset += size
        }
        return found
    }

    /// `pitm`: the primary item's ID (16 bits in version 0, 32 bits otherwise).
    private static func primaryItem(_ bytes: UnsafeRawBufferPointer, _ pitm: Box) throws(Failure) -> Int {
        guard pitm.end - pitm.body >= 6 else { throw Failure(truncated: false, message: "pitm box too short") }
        if bytes[pitm.body] == 0 { return u16(bytes, pitm.body + 4) }
        guard pitm.end - pitm.body >= 8 else { throw Failure(truncated: false, message: "pitm box too short") }
        return u32(bytes, pitm.body + 4)
    }

    /// `ipma`: each item's associated property indices (1-based; 0 means none).
    private static func associations(_ bytes: UnsafeRawBufferPointer, _ ipma: Box) throws(Failure) -> [Int: [Int]] {
        var reader = FieldReader(bytes, ipma)
        let version = try reader.take(1)
        let flags = try reader.take(3)
        let entries = try reader.take(4)
        // Each entry takes at least 3 bytes: a count larger than the box can hold is corrupt, not a huge loop.
        guard entries <= reader.remaining / 3 else {
            throw Failure(truncated: false, message: "ipma announces \(entries) items, more than it can hold")
        }
        var result: [Int: [Int]] = [:]
        for _ in 0..<entries {
            let item = try reader.take(version < 1 ? 2 : 4)
            let count = try reader.take(1)
            var indices: [Int] = []
            for _ in 0..<count {
                let association = flags & 1 == 1 ? try reader.take(2) & 0x7FFF : try reader.take(1) & 0x7F
                indices.append(association)
            }
            result[item, default: []] += indices
        }
        return result
    }

    /// `iloc`: every extent stored at a file offset (construction method 0) must lie inside the file, so a file
    /// cut at a box boundary (its `mdat` gone) is caught too.
    private static func checkExtents(_ bytes: UnsafeRawBufferPointer, _ iloc: Box, fileSize: Int) throws(Failure) {
        var reader = FieldReader(bytes, iloc)
        let version = try reader.take(1)
        _ = try reader.take(3)
        guard version <= 2 else { throw Failure(truncated: false, message: "iloc version \(version) is unknown") }
        let sizes = try reader.take(1)
        let more = try reader.take(1)
        let (offsetSize, lengthSize, baseOffsetSize) = (sizes >> 4, sizes & 0x0F, more >> 4)
        let indexSize = version >= 1 ? more & 0x0F : 0
        for size in [offsetSize, lengthSize, baseOffsetSize, indexSize] where ![0, 4, 8].contains(size) {
            throw Failure(truncated: false, message: "iloc field size \(size) (only 0, 4 or 8)")
        }
        let items = try reader.take(version < 2 ? 2 : 4)
        for _ in 0..<items {
            let item = try reader.take(version < 2 ? 2 : 4)
            let method = version >= 1 ? try reader.take(2) & 0x0F : 0
            _ = try reader.take(2)  // data_reference_index
            let base = try reader.take(baseOffsetSize)
            let extents = try reader.take(2)
            // Extents with no fields take no bytes and say nothing (the whole file): no need to count them.
            guard indexSize + offsetSize + lengthSize > 0 else { continue }
            for _ in 0..<extents {
                _ = try reader.take(indexSize)
                let start = try reader.take(offsetSize)
                let length = try reader.take(lengthSize)
                guard method == 0 else { continue }  // in idat or another item: inside meta, already checked
                let (first, startOverflow) = base.addingReportingOverflow(start)
                let (end, endOverflow) = first.addingReportingOverflow(length)
                guard !startOverflow, !endOverflow, first >= 0, end >= first, end <= fileSize else {
                    throw Failure(
                        truncated: true,
                        message: "item \(item)'s data (bytes \(first)..<\(end)) lies past the end of the file "
                            + "(\(fileSize) bytes): the file is cut short")
                }
            }
        }
    }

    private static func need(_ bytes: UnsafeRawBufferPointer, _ end: Int, _ what: String) throws(Failure) {
        guard bytes.count >= end else {
            throw Failure(truncated: true, message: "the file ends inside the \(what) box")
        }
    }

    private static func fourCC(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(Failure) -> String {
        try need(bytes, offset + 4, "file")
        let raw = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 4])
        guard raw.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw Failure(truncated: false, message: "a box type that is not text at byte \(offset)")
        }
        return String(decoding: raw, as: UTF8.self)
    }

    private static func u16(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    private static func u32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
}
