/// The version Herald reports in `User-Agent`.
public enum HeraldVersion {
    /// The current version.
    public static let current = "0.1.0"
}
