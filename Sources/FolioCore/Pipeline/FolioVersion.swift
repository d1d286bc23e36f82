/// The version of Folio: `folio --version`, and what a batch manifest records
/// for each document (a new version converts every document again).
public enum FolioVersion {
    public static let current = "0.1.0"
}
