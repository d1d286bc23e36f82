import FolioText
import PopplerKit

/// Why a document could not be converted: one line a user can act on.
public struct ConversionError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
