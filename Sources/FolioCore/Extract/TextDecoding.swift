import Foundation

/// Text mode's front door: decides whether bytes are text at all, and in which
/// encoding. Binary data (a `.txt` that is an image, random bytes on standard
/// input) is refused instead of becoming thousands of pages of junk.
public enum TextDecoding {
    public struct Decoded: Sendable {
        public var text: String
        /// Set when the bytes were not what a reader would assume (UTF-8).
        public var warning: String?
    }

    /// Why the bytes are not text, e.g. "not a text file (a PNG image)".
    public struct NotText: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// What a stream of unknown bytes is (standard input has no name to go by).
    public enum Kind: Sendable, Equatable {
        case pdf, text
    }

    /// `%PDF` near the start (readers allow junk before it within 1 KB) is a PDF;
    /// anything else is taken for text, to be decoded (and refused if it is not).
    public static func sniff(_ data: Data) -> Kind {
        data.prefix(1024).firstRange(of: Data("%PDF-".utf8)) != nil ? .pdf : .text
    }

    /// Signatures of common binary formats, checked at offset 0.
    private static let signatures: [(bytes: [UInt8], name: String)] = [
        (Array("%PDF-".utf8), "a PDF; give it a .pdf name"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF8".utf8), "a GIF image"), ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"),
        ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or a .docx/.xlsx)"),
        ([0x1F, 0x8B], "gzip-compressed"), (Array("BZh".utf8), "bzip2-compressed"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed"), ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"), ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Microsoft Office file"),
        (Array("SQLite format 3".utf8), "an SQLite database"),
        (Array("RIFF".utf8), "a RIFF (audio or video) file"), (Array("OggS".utf8), "an Ogg media file"),
    ]

    /// Share of control characters (other than tab, line feed, carriage return,
    /// form feed) above which bytes are not text. Binary data has about one in
    /// ten. Real extractions have some: pdftotext writes a glyph its font does
    /// not map as a control character (U+0001), 1.3% of a USENIX paper's text.
    static let maxControlShare = 0.05

    /// Decodes `data` as text: a BOM selects UTF-8/16/32; without one, valid
    /// UTF-8 is UTF-8 and anything else is read as Windows-1252, with a warning.
    public static func decode(_ data: Data) throws(NotText) -> Decoded {
        let bytes = [UInt8](data.prefix(16))
        if let (encoding, bomLength) = bomEncoding(bytes) {
            guard let text = String(data: data.dropFirst(bomLength), encoding: encoding) else {
                throw NotText(reason: "not a text file (a byte-order mark, then bytes that are not \(name(encoding)))")
            }
            try checkControls(text.unicodeScalars.lazy.map(\.value))
            return Decoded(text: text)
        }
        for (signature, name) in signatures where bytes.starts(with: signature) {
            throw NotText(reason: "not a text file (\(name))")
        }
        if data.contains(0) {
            // UTF-16 written without a byte-order mark: every other byte is NUL.
            if let encoding = unmarkedUTF16(data), let text = String(data: data, encoding: encoding) {
                try checkControls(text.unicodeScalars.lazy.map(\.value))
                let order = encoding == .utf16LittleEndian ? "little" : "big"
                return Decoded(text: text, warning: "no byte-order mark; read as UTF-16 (\(order)-endian)")
            }
            throw NotText(reason: "not a text file (it holds NUL bytes)")
        }
        try checkControls(data.lazy.map(UInt32.init))
        if let text = String(validating: data, as: UTF8.self) { return Decoded(text: text) }
        return Decoded(
            text: String(String.UnicodeScalarView(data.map(windows1252))),
            warning: "not valid UTF-8; read as Windows-1252")
    }

    private static func bomEncoding(_ b: [UInt8]) -> (String.Encoding, Int)? {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (.utf32LittleEndian, 4) }
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (.utf32BigEndian, 4) }
        if b.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if b.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return nil
    }

    /// Latin-script UTF-16 without a mark: the high byte of nearly every code
    /// unit is 0, the low one nearly never. Binary data does not look like that.
    private static func unmarkedUTF16(_ data: Data) -> String.Encoding? {
        guard data.count >= 4, data.count % 2 == 0 else { return nil }
        var zeros = [0, 0]  // at even, odd offsets
        for (i, byte) in data.prefix(1 << 16).enumerated() where byte == 0 { zeros[i & 1] += 1 }
        let half = min(data.count, 1 << 16) / 2
        func mostly(_ n: Int) -> Bool { Double(n) >= 0.9 * Double(half) }
        func rarely(_ n: Int) -> Bool { Double(n) <= 0.02 * Double(half) }
        if mostly(zeros[1]) && rarely(zeros[0]) { return .utf16LittleEndian }
        if mostly(zeros[0]) && rarely(zeros[1]) { return .utf16BigEndian }
        return nil
    }

    private static func name(_ encoding: String.Encoding) -> String {
        switch encoding {
        case .utf8: "UTF-8"
        case .utf16LittleEndian, .utf16BigEndian: "UTF-16"
        default: "UTF-32"
        }
    }

    private static func checkControls<S: Sequence>(_ values: S) throws(NotText) where S.Element == UInt32 {
        var total = 0
        var controls = 0
        for v in values {
            total += 1
            if v == 0 {
                throw NotText(reason: "not a text file (it holds NUL characters)")
            }
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D && v != 0x0C) || v == 0x7F { controls += 1 }
        }
        if total > 0 && Double(controls) > Double(total) * maxControlShare {
            throw NotText(reason: "not a text file (\(controls) control characters in \(total))")
        }
    }

    /// Windows-1252: Latin-1 but for 0x80–0x9F, where it has typographic marks.
    private static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
            0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
            0x0153, 0x9D, 0x017E, 0x0178,
        ]
        let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
        return Unicode.Scalar(value)!
    }
}
