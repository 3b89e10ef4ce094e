// Where `station run` keeps its state when `--data-dir` is not given: the state directory systemd
// made for the unit (StateDirectory=), else `data` under the working directory.

extension RunOptions {
    /// The data directory without `--data-dir`: the first path of STATE_DIRECTORY when systemd set
    /// it (StateDirectory= of the unit, e.g. /var/lib/chargestation), else `data`, relative to
    /// the working directory as it always was for a station started by hand.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        // With several StateDirectory= entries systemd joins their paths with ':'; the first is ours.
        if let paths = environment["STATE_DIRECTORY"], let first = paths.split(separator: ":").first, !first.isEmpty {
            return String(first)
        }
        return "data"
    }
}
