import Foundation

/// Bounds the memory of rendering for OCR, whatever the page size.
///
/// A page is rendered at the asked resolution unless that would take more than
/// `maxPixelsPerPage` pixels; then at the highest whole dpi within it (a
/// 4700-pt page at 300 dpi would be 383 megapixels, 1.5 GB of surface). And
/// the pixels being rendered at once, across page workers, stay within
/// `maxPixelsInFlight`: with many cores, big pages queue instead of stacking up.
public enum RenderBudget {
    /// 36 megapixels: an A2 page at 300 dpi; a letter page at 300 dpi is 8.4.
    public static let maxPixelsPerPage = 36_000_000
    public static let maxPixelsInFlight = 2 * maxPixelsPerPage

    /// The dpi to render a `width` × `height` pt page at: `dpi`, or lower to fit the budget.
    public static func dpi(for dpi: Int, width: Double, height: Double, maxPixels: Int = maxPixelsPerPage) -> Int {
        guard width > 0, height > 0 else { return dpi }
        let pixels = { (d: Int) in (width * Double(d) / 72).rounded(.up) * (height * Double(d) / 72).rounded(.up) }
        guard pixels(dpi) > Double(maxPixels) else { return dpi }
        var fitted = Int((72 * (Double(maxPixels) / (width * height)).squareRoot()).rounded(.down))
        while fitted > 1 && pixels(fitted) > Double(maxPixels) { fitted -= 1 }
        return max(1, fitted)
    }

    private static let gate = PixelGate(limit: maxPixelsInFlight)

    /// Runs `body` once `pixels` fit among those being rendered (one render always may).
    static func rendering<T>(pixels: Int, _ body: () -> T) -> T {
        gate.acquire(pixels)
        defer { gate.release(pixels) }
        return body()
    }
}

private final class PixelGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var inUse = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func acquire(_ n: Int) {
        condition.lock()
        while inUse > 0 && inUse + n > limit { condition.wait() }
        inUse += n
        condition.unlock()
    }

    func release(_ n: Int) {
        condition.lock()
        inUse -= n
        condition.broadcast()
        condition.unlock()
    }
}
