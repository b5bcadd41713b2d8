/// Builds minimal HEIF containers box by box (ISO/IEC 14496-12 boxes, ISO/IEC 23008-12 item properties), so the
/// container parser can be tested on exactly the structure each case needs. The coded image (`mdat`) is filler:
/// nothing here decodes HEVC.
enum HEIFBuilder {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func u32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(value >> $0 & 0xFF) } }

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        u32(8 + payload.count) + Array(type.utf8) + payload
    }

    static func fullBox(_ type: String, version: UInt8 = 0, flags: Int = 0, _ payload: [UInt8]) -> [UInt8] {
        box(type, [version] + Array(u32(flags).dropFirst()) + payload)
    }

    static let ftyp = box("ftyp", Array("heic".utf8) + u32(0) + Array("mif1heic".utf8))

    static func ispe(_ width: Int, _ height: Int) -> [UInt8] { fullBox("ispe", u32(width) + u32(height)) }

    /// `irot` with `degrees` anticlockwise (0, 90, 180, 270).
    static func irot(_ degrees: Int) -> [UInt8] { box("irot", [UInt8(degrees / 90)]) }

    static let hvcC = box("hvcC", [1] + [UInt8](repeating: 0, count: 22))

    /// `ipma` version 0, 1-byte associations: each item's 1-based property indices.
    static func ipma(_ items: [(id: Int, properties: [Int])]) -> [UInt8] {
        var payload = u32(items.count)
        for item in items {
            payload += u16(item.id) + [UInt8(item.properties.count)] + item.properties.map { UInt8(0x80 | $0) }
        }
        return fullBox("ipma", payload)
    }

    static func infe(_ id: Int, _ type: String) -> [UInt8] {
        fullBox("infe", version: 2, u16(id) + u16(0) + Array(type.utf8) + [0])
    }

    /// A whole file: `ftyp`, then `meta` (hdlr, pitm when `primary` is set, iinf, iprp with `properties` and
    /// `ipma` when `associations` is set), then `mdat`; `mdatFirst` puts `mdat` before `meta`.
    static func file(
        properties: [[UInt8]],
        associations: [(id: Int, properties: [Int])]? = nil,
        primary: Int? = nil,
        mdat: [UInt8] = [UInt8](repeating: 0x5A, count: 64),
        mdatFirst: Bool = false
    ) -> [UInt8] {
        let hdlr = fullBox("hdlr", u32(0) + Array("pict".utf8) + [UInt8](repeating: 0, count: 12) + [0])
        let items = Set((associations ?? []).map(\.id) + (primary.map { [$0] } ?? [1])).sorted()
        let iinf = fullBox("iinf", u16(items.count) + items.flatMap { infe($0, "hvc1") })
        var iprp = box("ipco", properties.flatMap { $0 })
        if let associations { iprp += ipma(associations) }
        func metaBox(dataAt offset: Int) -> [UInt8] {
            var meta = hdlr
            if let primary { meta += fullBox("pitm", u16(primary)) }
            meta += iloc(items: items, offset: offset, length: mdat.count) + iinf + box("iprp", iprp)
            return fullBox("meta", meta)
        }
        let mdatBox = box("mdat", mdat)
        if mdatFirst { return ftyp + mdatBox + metaBox(dataAt: ftyp.count + 8) }
        let size = metaBox(dataAt: 0).count
        return ftyp + metaBox(dataAt: ftyp.count + size + 8) + mdatBox
    }

    /// `iloc` version 0 (4-byte offsets and lengths): every item's data is the same `length` bytes at `offset`.
    static func iloc(items: [Int], offset: Int, length: Int) -> [UInt8] {
        fullBox(
            "iloc",
            [0x44, 0x00] + u16(items.count) + items.flatMap { u16($0) + u16(0) + u16(1) + u32(offset) + u32(length) })
    }
}
