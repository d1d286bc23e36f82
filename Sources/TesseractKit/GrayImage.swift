/// An 8-bit greyscale raster (0 = black, 255 = white), rows top to bottom.
///
/// Rows may be padded: row `y` starts at `y * bytesPerRow`, and only the first
/// `width` bytes of each row are pixels.
public struct GrayImage: Sendable {
    public var width: Int
    public var height: Int
    public var bytesPerRow: Int
    public var pixels: [UInt8]
    /// Resolution the raster was rendered at; Tesseract uses it to judge text size.
    public var dpi: Int

    public init(width: Int, height: Int, bytesPerRow: Int? = nil, pixels: [UInt8], dpi: Int) {
        self.width = width
        self.height = height
        self.bytesPerRow = bytesPerRow ?? width
        self.pixels = pixels
        self.dpi = dpi
    }

    /// A uniformly filled image (default white), e.g. for blank-page tests.
    public init(width: Int, height: Int, filledWith value: UInt8 = 255, dpi: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height), dpi: dpi)
    }

    /// True when the dimensions are positive and `pixels` covers every row.
    public var isValid: Bool {
        width > 0 && height > 0 && bytesPerRow >= width && dpi > 0
            && pixels.count >= bytesPerRow * (height - 1) + width
    }
}
