/// Byte tests for the ASCII fast paths of the text rules: most words of most
/// documents are ASCII, and reading their bytes skips Unicode's tables. Every
/// caller keeps a Unicode path for any other text, with the same answers.
package enum ASCIIBytes {
    /// ``all(_:)`` for a string, the common case, without generic dispatch.
    @inlinable
    package static func all(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    @inlinable
    package static func all<S: StringProtocol>(_ text: S) -> Bool {
        // A native string's bytes are contiguous: a loop over the buffer, not the generic iterator.
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 < 0x80 } }
            ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The characters of `text`, counted from its bytes where each byte is one
    /// (ASCII without a carriage return, which a line feed after it would join).
    package static func characterCount(_ text: Substring) -> Int {
        all(text) && !text.utf8.contains(0x0D) ? text.utf8.count : text.count
    }

    @inlinable
    package static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }

    @inlinable
    package static func isUppercase(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    @inlinable
    package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inlinable
    package static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

    /// The runs of `text`'s bytes that `keep` accepts, lower-cased, in order:
    /// an ASCII text's words, for whatever its caller makes a word of.
    package static func lowercasedRuns(of text: String, keeping keep: (UInt8) -> Bool) -> [String] {
        var runs: [String] = []
        var run: [UInt8] = []
        for byte in text.utf8 {
            if keep(byte) {
                run.append(lowercased(byte))
            } else if !run.isEmpty {
                runs.append(String(decoding: run, as: UTF8.self))
                run.removeAll(keepingCapacity: true)
            }
        }
        if !run.isEmpty { runs.append(String(decoding: run, as: UTF8.self)) }
        return runs
    }

    /// The parts of `text` between the bytes `separator` (an ASCII byte), empty
    /// parts kept. Exactly the split at that character where no part starts
    /// with a mark that would join the separator (controls never join one).
    package static func split(_ text: Substring, at separator: UInt8) -> [Substring] {
        var parts: [Substring] = []
        var start = text.utf8.startIndex
        for i in text.utf8.indices where text.utf8[i] == separator {
            parts.append(text[start..<i])
            start = text.utf8.index(after: i)
        }
        parts.append(text[start...])
        return parts
    }
}
