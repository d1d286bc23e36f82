import Foundation

/// Text mode's front door on any bytes: refused with a reason, or decoded; valid
/// UTF-8 without a mark or a binary signature comes back byte for byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextDecoding(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let data = Data(bytes: bytes, count: size)
    _ = TextDecoding.sniff(data)
    do {
        let decoded = try TextDecoding.decode(data)
        let plain =
            !data.starts(with: [0xEF, 0xBB, 0xBF]) && !data.starts(with: [0xFF, 0xFE])
            && !data.starts(with: [0xFE, 0xFF]) && !data.starts(with: [0, 0, 0xFE, 0xFF])
        if plain && decoded.warning == nil && Data(decoded.text.utf8) != data {
            fatalError("valid UTF-8 did not come back unchanged")
        }
    } catch {
        if error.reason.isEmpty { fatalError("a refusal without a reason") }
    }
    return 0
}
